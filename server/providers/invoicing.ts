/**
 * What billing gateways implement to carry invoices: SEND_INVOICE (create at the provider, send, return
 * its id and hosted link) and SYNC_INVOICE_STATUS (read the provider's status back). Amounts are integer
 * minor units; each gateway converts exactly to its provider's format.
 */

/** One line as the provider receives it; net and tax already computed (lib/money). */
export type InvoiceLineDocument = {
  position: number;
  description: string;
  quantity: number;
  unitAmountMinor: number;
  taxRateBps: number;
  netMinor: number;
  taxMinor: number;
};

/** The invoice as a gateway sees it: our data plus the customer and what is known at the provider already. */
export type InvoiceDocument = {
  id: string;
  number: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  memo: string | null;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  lines: InvoiceLineDocument[];
  customer: {
    id: string;
    name: string;
    email: string;
    billingAddress: string | null;
    /** The customer's id at this integration when an earlier push created or found it. */
    externalId: string | null;
  };
};

/** The provider-side status, normalised. */
export type ExternalInvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export type ExternalInvoiceState = {
  externalId: string;
  status: ExternalInvoiceStatus;
  externalNumber?: string;
  hostedUrl?: string;
  paidAt?: Date;
  paymentMethod?: string;
  transactionId?: string;
  /** The provider's own time for this state (last update / event time), used to order updates. */
  asOf?: Date;
};

export type SendInvoiceInput = {
  invoice: InvoiceDocument;
  /** Stable across retries of the same sync: every create derives its provider idempotency key from it. */
  idempotencyKey: string;
  /** Steps done by an earlier attempt (e.g. `{ invoiceId: "in_…" }`); the gateway resumes from them. */
  checkpoint: Record<string, string>;
  /**
   * Persists progress as soon as a provider object exists, so a crash or retry never creates it twice.
   * The sync gets its external id only when the push completes: until then provider webhooks about
   * the half-made invoice do not touch it, and the push applies the provider's state when it ends.
   */
  saveCheckpoint(checkpoint: Record<string, string>): Promise<void>;
};

export type SendInvoiceResult = ExternalInvoiceState & {
  /** The customer's id at the provider, remembered for the next invoice. */
  externalCustomerId?: string;
};

export interface InvoicingGateway {
  sendInvoice(input: SendInvoiceInput): Promise<SendInvoiceResult>;
  fetchInvoiceStatus(input: { externalId: string; currency: string }): Promise<ExternalInvoiceState>;
  /** Voids the invoice at the provider; absent where the provider has no way to (then it is voided here only). */
  voidInvoice?(input: { externalId: string }): Promise<ExternalInvoiceState>;
  /** Marks the invoice paid outside the provider (cash, transfer, cheque …); absent where the provider cannot. */
  markPaidOutside?(input: { externalId: string; paidAt: Date }): Promise<ExternalInvoiceState>;
}

/** Providers whose gateway voids and marks invoices paid at the provider (kept true by a unit test). */
export const settlesAtProvider: ReadonlySet<string> = new Set(["stripe"]);

/** Provider idempotency keys: one per invoice sync and step, identical on every retry. */
export const idempotencyKeyFor = (syncKey: string, step: string) => `plugboard-${syncKey}-${step}`;
