import { z } from "zod";
import type { InvoiceSyncStatus } from "@/server/db/schema";
import { isFinalSyncStatus } from "@/server/services/sync/status";
import {
  applyFromWebhook,
  fromSeconds,
  noSyncFor,
  parsePayload,
  recordPaymentFailed,
  syncByExternalId,
} from "./shared";
import type { EventHandler, ProviderHandlers } from "./types";

/*
 * Stripe invoice events carry the whole invoice in `data.object`, so nothing is fetched. The status
 * follows from the event type; the provider's time is the matching `status_transitions` entry, else
 * the event's `created`. https://docs.stripe.com/api/invoices/object
 */

const idOf = z
  .union([z.string(), z.object({ id: z.string() })])
  .transform((value) => (typeof value === "string" ? value : value.id));
const stripeInvoice = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  number: z.string().nullish(),
  hosted_invoice_url: z.string().nullish(),
  attempt_count: z.number().nullish(),
  next_payment_attempt: z.number().nullish(),
  payment_intent: idOf.nullish(),
  charge: idOf.nullish(),
  // API versions from 2025-03-31 list payments instead of naming one payment_intent.
  payments: z
    .object({ data: z.array(z.object({ payment: z.object({ payment_intent: idOf.nullish() }).nullish() })) })
    .nullish(),
  status_transitions: z
    .object({
      finalized_at: z.number().nullish(),
      paid_at: z.number().nullish(),
      voided_at: z.number().nullish(),
      marked_uncollectible_at: z.number().nullish(),
    })
    .nullish(),
});
const stripeInvoiceEvent = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number(),
  data: z.object({ object: stripeInvoice }),
});
type StripeInvoice = z.infer<typeof stripeInvoice>;
type Transition = keyof NonNullable<StripeInvoice["status_transitions"]>;

/** The payment behind a paid invoice: its PaymentIntent, else the charge. */
const transactionOf = (invoice: StripeInvoice) =>
  invoice.payment_intent ??
  invoice.payments?.data.find((entry) => entry.payment?.payment_intent)?.payment?.payment_intent ??
  invoice.charge ??
  undefined;

/** Why a payment attempt failed, as far as the invoice says. */
function failureOf(invoice: StripeInvoice) {
  const attempt = invoice.attempt_count ? `attempt ${invoice.attempt_count}` : "an attempt";
  const next = fromSeconds(invoice.next_payment_attempt);
  return `payment failed: ${attempt}${next ? `, next attempt ${next.toISOString()}` : ", no retry scheduled"}`;
}

/** A handler for one Stripe invoice event type: the status it means and the transition that dates it. */
function invoiceHandler(status: InvoiceSyncStatus, transition?: Transition): EventHandler {
  return {
    async apply(tx, event, payload) {
      const parsed = parsePayload(stripeInvoiceEvent, payload, "Stripe invoice event");
      if (!parsed.ok) return parsed.outcome;
      const { data, created, type } = parsed.value;
      const invoice = data.object;
      const sync = await syncByExternalId(tx, event, invoice.id);
      if (!sync) return noSyncFor(invoice.id);
      const asOf =
        fromSeconds(transition && invoice.status_transitions?.[transition]) ?? fromSeconds(created);
      const failed = type === "invoice.payment_failed";
      // invoice.payment_succeeded also fires for a partial payment: paid only when the invoice says so.
      const partial = status === "paid" && invoice.status != null && invoice.status !== "paid";
      const result = await applyFromWebhook(tx, event, sync, {
        status: partial ? "synced" : status,
        asOf,
        externalNumber: invoice.number ?? undefined,
        hostedUrl: invoice.hosted_invoice_url ?? undefined,
        ...(status === "paid" && !partial
          ? {
              paidAt: fromSeconds(invoice.status_transitions?.paid_at) ?? asOf,
              paymentMethod: "stripe",
              transactionId: transactionOf(invoice),
            }
          : {}),
        message: failed
          ? failureOf(invoice)
          : partial
            ? `${type}: partial payment, invoice still ${invoice.status}`
            : undefined,
      });
      // A failed attempt on an invoice that is still collectable is news for the tenant's systems.
      if (failed && !isFinalSyncStatus(result.outcome.to))
        await recordPaymentFailed(tx, event, sync, failureOf(invoice));
      return failed ? `${result.text}; ${failureOf(invoice)}` : result.text;
    },
  };
}

export const stripeHandlers: ProviderHandlers = {
  "invoice.paid": invoiceHandler("paid", "paid_at"),
  "invoice.payment_succeeded": invoiceHandler("paid", "paid_at"),
  "invoice.payment_failed": invoiceHandler("synced"),
  "invoice.voided": invoiceHandler("void", "voided_at"),
  "invoice.marked_uncollectible": invoiceHandler("uncollectible", "marked_uncollectible_at"),
  "invoice.finalized": invoiceHandler("synced", "finalized_at"),
  "invoice.sent": invoiceHandler("synced"),
  "invoice.overdue": invoiceHandler("overdue"),
};
