import { z } from "zod";
import type { InvoiceSyncStatus } from "@/server/db/schema";
import { applyFromWebhook, fromIso, parsePayload, syncByReference } from "./shared";
import type { EventHandler, ProviderHandlers } from "./types";

/*
 * Custom webhooks (Standard Webhooks signed with the secret we issued) from the tenant's own systems:
 * `{ type: "invoice.paid" | "invoice.voided" | "invoice.uncollectible" | "invoice.updated", timestamp,
 * data: { id, status?, paid_at?, hosted_url?, transaction_id?, payment_method? } }`. `data.id` is our
 * invoice id or the sender's own id for it (the sync's external id). The event time is `timestamp`,
 * else the `webhook-timestamp` header (see the verifier).
 */

const customInvoiceEvent = z.object({
  type: z.string(),
  timestamp: z.string().nullish(),
  data: z.object({
    id: z.string().min(1).max(200),
    status: z.string().nullish(),
    paid_at: z.string().nullish(),
    hosted_url: z.string().nullish(),
    transaction_id: z.string().max(200).nullish(),
    payment_method: z.string().max(100).nullish(),
  }),
});

/** The statuses `invoice.updated` may report, in our words or the usual synonyms. */
const statusOfCustom: Record<string, InvoiceSyncStatus> = {
  draft: "synced",
  open: "synced",
  sent: "synced",
  synced: "synced",
  overdue: "overdue",
  paid: "paid",
  void: "void",
  voided: "void",
  uncollectible: "uncollectible",
};

/** A handler for one custom event type; `fixed` is the status the type means by itself. */
function invoiceHandler(fixed?: InvoiceSyncStatus): EventHandler {
  return {
    async apply(tx, event, payload) {
      const parsed = parsePayload(customInvoiceEvent, payload, "custom webhook invoice event");
      if (!parsed.ok) return parsed.outcome;
      const { data, timestamp } = parsed.value;
      const status = fixed ?? statusOfCustom[(data.status ?? "").toLowerCase()];
      if (!status) return `invoice ${data.id}: status ${data.status ?? "missing"} not understood`;
      const sync = await syncByReference(tx, event, data.id);
      if (!sync) return `no invoice with id or external id ${data.id} in this integration`;
      const asOf = fromIso(timestamp) ?? event.occurredAt ?? undefined;
      const result = await applyFromWebhook(tx, event, sync, {
        status,
        asOf,
        hostedUrl: data.hosted_url ?? undefined,
        ...(status === "paid"
          ? {
              paidAt: fromIso(data.paid_at) ?? asOf,
              paymentMethod: data.payment_method ?? undefined,
              transactionId: data.transaction_id ?? undefined,
            }
          : {}),
      });
      return result.text;
    },
  };
}

export const customWebhookHandlers: ProviderHandlers = {
  "invoice.paid": invoiceHandler("paid"),
  "invoice.voided": invoiceHandler("void"),
  "invoice.uncollectible": invoiceHandler("uncollectible"),
  "invoice.updated": invoiceHandler(),
};
