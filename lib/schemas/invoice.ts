import { z } from "zod";

export const invoiceStatusSchema = z.enum(["draft", "open", "paid", "void", "uncollectible"]);
export const syncStatusSchema = z.enum([
  "pending",
  "synced",
  "paid",
  "failed",
  "overdue",
  "void",
  "uncollectible",
]);
export const syncSourceSchema = z.enum(["push", "webhook", "reconcile", "manual", "schedule"]);

const isoDate = z.iso
  .date("Use a date like 2026-11-30")
  .refine((value) => value >= "1900-01-01", "Use a date from 1900 on");
/** Unit amounts up to 1 billion in a 2-digit currency. */
const MAX_MINOR = 100_000_000_000;
/**
 * A line's net (quantity × unit amount) at most 9·10^11 minor units: its tax numerator (× 10,000
 * basis points) stays below 2^53, so tax is exact, and 200 such lines still total a safe integer.
 */
export const MAX_LINE_NET_MINOR = 900_000_000_000;

export const invoiceLineInput = z
  .object({
    description: z.string().trim().min(1, "Describe the line").max(500),
    quantity: z.coerce.number().int("Whole quantities only").min(1, "At least 1").max(1_000_000),
    unitAmountMinor: z.coerce
      .number()
      .int("Amounts are whole minor units (cents)")
      .min(0, "Use a credit note for negative amounts")
      .max(MAX_MINOR),
    /** Tax rate in basis points: 2000 = 20 %. */
    taxRateBps: z.coerce.number().int().min(0).max(10_000, "At most 100 %").default(0),
  })
  .refine((line) => line.quantity * line.unitAmountMinor <= MAX_LINE_NET_MINOR, {
    message:
      "The line is too large: quantity × unit amount must stay within 900,000,000,000 minor units (9 billion in a two-decimal currency)",
    path: ["unitAmountMinor"],
  });

const invoiceFields = {
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code such as GBP"),
  issueDate: isoDate.optional(),
  dueDate: isoDate,
  memo: z.string().trim().max(2000).optional(),
  lines: z.array(invoiceLineInput).min(1, "Add at least one line").max(200, "At most 200 lines"),
};

const dueAfterIssue = (value: { issueDate?: string; dueDate: string }) =>
  !value.issueDate || value.dueDate >= value.issueDate;
const dueAfterIssueError = { message: "The due date cannot be before the issue date", path: ["dueDate"] };

export const createInvoiceInput = z
  .object({
    customerId: z.uuid(),
    ...invoiceFields,
    /** true: open it and push it to the customer's invoicing integration now; false: keep a draft. */
    send: z.boolean().default(true),
  })
  .refine(dueAfterIssue, dueAfterIssueError);

export const updateDraftInput = z
  .object({ invoiceId: z.uuid(), ...invoiceFields })
  .refine(dueAfterIssue, dueAfterIssueError);

export const invoiceRefInput = z.object({ invoiceId: z.uuid() });
export const customerInvoiceRefInput = z.object({ customerId: z.uuid(), invoiceId: z.uuid() });

export const listInvoicesInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  status: invoiceStatusSchema.optional(),
  syncStatus: syncStatusSchema.optional(),
  customerId: z.uuid().optional(),
});

export const customerInvoicesInput = listInvoicesInput
  .omit({ customerId: true })
  .extend({ customerId: z.uuid() });

export const breakerOutput = z.object({
  state: z.enum(["closed", "open", "half_open"]),
  consecutiveFailures: z.number().int(),
  retryAt: z.date().nullable(),
  lastError: z.string().nullable(),
});

export const invoiceSyncOutput = z.object({
  id: z.uuid(),
  integrationId: z.uuid(),
  integrationName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  status: syncStatusSchema,
  statusSource: syncSourceSchema.nullable(),
  statusAt: z.date().nullable(),
  externalId: z.string().nullable(),
  externalNumber: z.string().nullable(),
  hostedUrl: z.string().nullable(),
  paidAt: z.date().nullable(),
  paymentMethod: z.string().nullable(),
  transactionId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable(),
  syncedAt: z.date().nullable(),
  lastReconciledAt: z.date().nullable(),
  settlesAtProvider: z.boolean(),
});

export const syncHistoryOutput = z.object({
  id: z.uuid(),
  source: syncSourceSchema,
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  ok: z.boolean(),
  message: z.string().nullable(),
  attempt: z.number().int().nullable(),
  webhookEventId: z.uuid().nullable(),
  createdAt: z.date(),
});

export const invoiceSummaryOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  status: invoiceStatusSchema,
  overdue: z.boolean(),
  currency: z.string().length(3),
  totalMinor: z.number().int(),
  issueDate: z.string(),
  dueDate: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  sync: z
    .object({ status: syncStatusSchema, providerName: z.string(), externalId: z.string().nullable() })
    .nullable(),
});

export const invoicePageOutput = z.object({ items: z.array(invoiceSummaryOutput), total: z.number().int() });

export const invoiceLineOutput = z.object({
  position: z.number().int(),
  description: z.string(),
  quantity: z.number().int(),
  unitAmountMinor: z.number().int(),
  taxRateBps: z.number().int(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
});

export const paymentMethodSchema = z.enum(["card", "bank_transfer", "cash", "cheque", "other"]);

export const invoicePaymentOutput = z.object({
  id: z.uuid(),
  amountMinor: z.number().int(),
  paidOn: z.string(),
  method: paymentMethodSchema,
  reference: z.string().nullable(),
  createdAt: z.date(),
});

/** Record a payment made outside the provider (or with no provider): amount, day and how. */
export const recordPaymentInput = z.object({
  invoiceId: z.uuid(),
  amountMinor: z.coerce
    .number()
    .int("Amounts are whole minor units (cents)")
    .min(1, "At least 1")
    .max(MAX_MINOR * 200),
  paidOn: isoDate.refine(
    (value) => value <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    "The payment date cannot be in the future",
  ),
  method: paymentMethodSchema,
  reference: z.string().trim().max(200).optional(),
});

export const voidInvoiceInput = z.object({
  invoiceId: z.uuid(),
  reason: z.string().trim().max(500).optional(),
});

export const invoiceDetailOutput = invoiceSummaryOutput.omit({ sync: true }).extend({
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  memo: z.string().nullable(),
  paidAt: z.date().nullable(),
  createdAt: z.date(),
  customer: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    billingAddress: z.string().nullable(),
  }),
  lines: z.array(invoiceLineOutput),
  syncs: z.array(invoiceSyncOutput),
  history: z.array(syncHistoryOutput),
  /** Payments recorded by hand; the invoice turns paid only once they cover the total. */
  payments: z.array(invoicePaymentOutput),
  amountPaidMinor: z.number().int(),
  amountDueMinor: z.number().int(),
  /** Why a sent invoice has no sync yet (no invoicing integration linked), when that is the case. */
  syncBlockedReason: z.string().nullable(),
});

export const syncRequestOutput = z.object({
  invoiceId: z.uuid(),
  action: z.enum(["queued", "refreshed", "final", "no_integration"]),
  message: z.string(),
  sync: invoiceSyncOutput.nullable(),
});

export const syncAllOutput = z.object({
  queued: z.number().int(),
  created: z.number().int(),
  withoutIntegration: z.number().int(),
});

export const syncCountsOutput = z.object({
  integrations: z.array(
    z.object({
      integrationId: z.uuid(),
      integrationName: z.string(),
      providerId: z.string(),
      providerName: z.string(),
      status: z.string(),
      breaker: breakerOutput,
      invoices: z.object({ synced: z.number().int(), pending: z.number().int(), errors: z.number().int() }),
      customers: z.object({ synced: z.number().int() }),
    }),
  ),
});
