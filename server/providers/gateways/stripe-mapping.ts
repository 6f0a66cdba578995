import Stripe from "stripe";
import { ProviderError } from "../errors";
import type { ExternalInvoiceState, ExternalInvoiceStatus, InvoiceDocument } from "../invoicing";
import { retryAfterOf } from "./base";

// What the Stripe gateway translates: due terms and tax into Stripe's shapes, Stripe's invoice and
// errors back into ours.

/**
 * The due date as Stripe's absolute `due_date` (end of that day, UTC), so a retry sends the same body
 * whatever day it runs (Stripe refuses a reused idempotency key with other parameters). A due date
 * already past cannot be a `due_date`; the invoice is then due on receipt.
 */
export function dueTermsOf(dueDate: string): { due_date: number } | { days_until_due: number } {
  const endOfDay = Math.floor(Date.parse(`${dueDate}T23:59:59Z`) / 1000);
  return endOfDay > Date.now() / 1000 + 3600 ? { due_date: endOfDay } : { days_until_due: 0 };
}

/** Tax per rate across the lines, as the invoice shows it. */
export function taxByRate(invoice: InvoiceDocument): Map<number, number> {
  const byRate = new Map<number, number>();
  for (const line of invoice.lines) {
    if (line.taxMinor) byRate.set(line.taxRateBps, (byRate.get(line.taxRateBps) ?? 0) + line.taxMinor);
  }
  return byRate;
}

const stripeStatuses: Record<string, ExternalInvoiceStatus> = {
  draft: "draft",
  open: "open",
  paid: "paid",
  void: "void",
  uncollectible: "uncollectible",
};

/** Stripe's invoice, normalised; its newest status transition orders it against other updates. */
export function stateOf(invoice: Stripe.Invoice): ExternalInvoiceState {
  const transitions = invoice.status_transitions ?? {};
  const times = [
    transitions.finalized_at,
    transitions.paid_at,
    transitions.voided_at,
    transitions.marked_uncollectible_at,
  ].filter((value): value is number => typeof value === "number");
  const paidAt = transitions.paid_at ? new Date(transitions.paid_at * 1000) : undefined;
  // API versions before 2025 carry these on the invoice itself; newer ones moved them to `payments`.
  const legacy = invoice as { payment_intent?: string | { id: string } | null; paid_out_of_band?: boolean };
  const paymentIntent = legacy.payment_intent;
  return {
    externalId: invoice.id ?? "",
    status: stripeStatuses[invoice.status ?? "draft"] ?? "open",
    externalNumber: invoice.number ?? undefined,
    hostedUrl: invoice.hosted_invoice_url ?? undefined,
    paidAt,
    paymentMethod:
      invoice.status === "paid" ? (legacy.paid_out_of_band ? "out_of_band" : "stripe") : undefined,
    transactionId: typeof paymentIntent === "string" ? paymentIntent : (paymentIntent?.id ?? undefined),
    asOf: times.length ? new Date(Math.max(...times) * 1000) : undefined,
  };
}

/** Classifies what the Stripe SDK threw. */
export function providerErrorOf(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new ProviderError("unknown", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const options = { status: error.statusCode, cause: error };
  const { errors } = Stripe;
  if (error instanceof errors.StripeAuthenticationError || error instanceof errors.StripePermissionError) {
    return new ProviderError("auth", error.message, options);
  }
  if (error instanceof errors.StripeRateLimitError) {
    const retryAfterSeconds = retryAfterOf(new Headers(error.headers ?? {}));
    return new ProviderError("rate_limited", error.message, { ...options, retryAfterSeconds });
  }
  const serverSide = (error.statusCode ?? 0) >= 500;
  if (error instanceof errors.StripeConnectionError || error instanceof errors.StripeAPIError || serverSide) {
    return new ProviderError("unavailable", error.message, options);
  }
  if (error instanceof errors.StripeInvalidRequestError)
    return new ProviderError("invalid_request", error.message, options);
  return new ProviderError("unknown", error.message, options);
}
