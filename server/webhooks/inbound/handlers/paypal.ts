import { z } from "zod";
import type { InvoiceSyncStatus } from "@/server/db/schema";
import { applyFromWebhook, fromIso, noSyncFor, parsePayload, syncByExternalId } from "./shared";
import type { EventHandler, ProviderHandlers } from "./types";

/*
 * PayPal invoicing events carry the invoice (v2 `invoice` schema) as `resource.invoice`, or as the
 * resource itself in older deliveries: `{ id, status, detail: { invoice_number, metadata: {
 * last_update_time, recipient_view_url } }, payments: { transactions: [{ payment_id, payment_date,
 * method }] }, refunds: { refund_amount, transactions } }`. A refund keeps the invoice paid and is
 * recorded in the history. https://developer.paypal.com/api/rest/webhooks/event-names/#invoices
 */

const money = z.object({ currency_code: z.string(), value: z.string() });
const paypalInvoice = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  detail: z
    .object({
      invoice_number: z.string().nullish(),
      metadata: z
        .object({ last_update_time: z.string().nullish(), recipient_view_url: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
  payments: z
    .object({
      transactions: z
        .array(
          z.object({
            payment_id: z.string().nullish(),
            payment_date: z.string().nullish(),
            method: z.string().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  refunds: z.object({ refund_amount: money.nullish() }).nullish(),
});
const paypalInvoiceEvent = z.object({
  event_type: z.string(),
  create_time: z.string().nullish(),
  resource: z.union([z.object({ invoice: paypalInvoice }), paypalInvoice]),
});

/** A handler for one PayPal invoicing event type and the status it means. */
function invoiceHandler(status: InvoiceSyncStatus, what: "paid" | "cancelled" | "refunded"): EventHandler {
  return {
    async apply(tx, event, payload) {
      const parsed = parsePayload(paypalInvoiceEvent, payload, "PayPal invoicing event");
      if (!parsed.ok) return parsed.outcome;
      const { resource, create_time } = parsed.value;
      const invoice = "invoice" in resource ? resource.invoice : resource;
      const sync = await syncByExternalId(tx, event, invoice.id);
      if (!sync) return noSyncFor(invoice.id);
      const payment = invoice.payments?.transactions?.at(-1);
      const asOf = fromIso(invoice.detail?.metadata?.last_update_time) ?? fromIso(create_time);
      const refund = invoice.refunds?.refund_amount;
      const result = await applyFromWebhook(tx, event, sync, {
        status,
        asOf,
        externalNumber: invoice.detail?.invoice_number ?? undefined,
        hostedUrl: invoice.detail?.metadata?.recipient_view_url ?? undefined,
        ...(status === "paid"
          ? {
              paidAt: fromIso(payment?.payment_date) ?? asOf,
              paymentMethod:
                payment?.method && payment.method !== "PAYPAL"
                  ? `paypal:${payment.method.toLowerCase()}`
                  : "paypal",
              transactionId: payment?.payment_id ?? undefined,
            }
          : {}),
        message:
          what === "refunded"
            ? `refunded${refund ? ` ${refund.value} ${refund.currency_code}` : ""} via PayPal (status ${invoice.status ?? "unknown"})`
            : undefined,
      });
      return what === "refunded" ? `${result.text}; refund recorded` : result.text;
    },
  };
}

export const paypalHandlers: ProviderHandlers = {
  "INVOICING.INVOICE.PAID": invoiceHandler("paid", "paid"),
  "INVOICING.INVOICE.CANCELLED": invoiceHandler("void", "cancelled"),
  "INVOICING.INVOICE.REFUNDED": invoiceHandler("paid", "refunded"),
};
