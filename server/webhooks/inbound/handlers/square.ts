import { z } from "zod";
import type { InvoiceSyncStatus } from "@/server/db/schema";
import { isFinalSyncStatus } from "@/server/services/sync/status";
import {
  applyFromWebhook,
  fromIso,
  noSyncFor,
  parsePayload,
  recordPaymentFailed,
  syncByExternalId,
} from "./shared";
import type { EventHandler, ProviderHandlers } from "./types";

/*
 * Square invoice events carry the invoice in `data.object.invoice` ({ id, version, status,
 * updated_at, public_url, invoice_number }); `updated_at` dates the state (the state machine keeps a
 * later, higher-rank status) and `version` is reported with the outcome. A failed automatic charge
 * (invoice.scheduled_charge_failed) leaves the invoice collectable and emits payment.failed.
 * https://developer.squareup.com/reference/square/invoices-api/webhooks
 */

const squareInvoice = z.object({
  id: z.string().min(1),
  version: z.number().nullish(),
  status: z.string().nullish(),
  updated_at: z.string().nullish(),
  public_url: z.string().nullish(),
  invoice_number: z.string().nullish(),
});
const squareInvoiceEvent = z.object({
  type: z.string(),
  created_at: z.string().nullish(),
  data: z.object({ id: z.string().nullish(), object: z.object({ invoice: squareInvoice }) }),
});

/** What a Square invoice status means for the sync (refunds keep it paid; FAILED stays collectable). */
const statusOfSquare: Record<string, InvoiceSyncStatus> = {
  DRAFT: "synced",
  UNPAID: "synced",
  SCHEDULED: "synced",
  PARTIALLY_PAID: "synced",
  PAYMENT_PENDING: "synced",
  FAILED: "synced",
  PAID: "paid",
  PARTIALLY_REFUNDED: "paid",
  REFUNDED: "paid",
  CANCELED: "void",
};

/** A handler for one Square invoice event; `fixed` is the status the event type means by itself. */
function invoiceHandler(fixed?: InvoiceSyncStatus): EventHandler {
  return {
    async apply(tx, event, payload) {
      const parsed = parsePayload(squareInvoiceEvent, payload, "Square invoice event");
      if (!parsed.ok) return parsed.outcome;
      const { data, created_at, type } = parsed.value;
      const invoice = data.object.invoice;
      const squareStatus = invoice.status ?? "";
      const status =
        fixed ??
        (type === "invoice.payment_made"
          ? squareStatus === "PAID"
            ? "paid"
            : "synced"
          : statusOfSquare[squareStatus]);
      if (!status) return `invoice ${invoice.id}: Square status ${squareStatus || "missing"} not understood`;
      const sync = await syncByExternalId(tx, event, invoice.id);
      if (!sync) return noSyncFor(invoice.id);
      const asOf = fromIso(invoice.updated_at) ?? fromIso(created_at);
      const failed = type === "invoice.scheduled_charge_failed";
      const partial = type === "invoice.payment_made" && status !== "paid";
      const result = await applyFromWebhook(tx, event, sync, {
        status,
        asOf,
        externalNumber: invoice.invoice_number ?? undefined,
        hostedUrl: invoice.public_url ?? undefined,
        ...(status === "paid" ? { paidAt: asOf, paymentMethod: "square" } : {}),
        message: failed
          ? "payment failed: Square could not charge the invoice"
          : partial
            ? `partial payment received; Square status ${squareStatus || "unknown"}`
            : undefined,
      });
      if (failed && !isFinalSyncStatus(result.outcome.to))
        await recordPaymentFailed(tx, event, sync, "Square could not charge the invoice");
      return `${result.text} (Square version ${invoice.version ?? "?"})`;
    },
  };
}

export const squareHandlers: ProviderHandlers = {
  "invoice.payment_made": invoiceHandler(),
  "invoice.canceled": invoiceHandler("void"),
  "invoice.updated": invoiceHandler(),
  "invoice.published": invoiceHandler(),
  "invoice.scheduled_charge_failed": invoiceHandler("synced"),
};
