import Stripe from "stripe";
import { bpsToPercentString } from "@/lib/money";
import { BudgetExhausted } from "@/server/ratelimit/provider-budget";
import { ProviderError } from "../errors";
import {
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
  type SendInvoiceResult,
} from "../invoicing";
import {
  type AccountIdentity,
  type Gateway,
  type GatewayContext,
  type GatewayFactory,
  retryPolicy,
} from "./base";
import { dueTermsOf, providerErrorOf, stateOf, taxByRate } from "./stripe-mapping";

/**
 * Stripe through its official SDK, pointed at ctx.apiBase. The SDK owns retries (network errors, 409, 5xx and
 * 429s that Stripe marks with `Stripe-Should-Retry: true`); everything it gives up on becomes a ProviderError.
 */
class StripeGateway implements Gateway {
  private sdk?: Stripe;

  /** A call-budget refusal met inside the SDK's fetch, which the SDK would report as a connection error. */
  private refusal?: BudgetExhausted;

  constructor(private readonly ctx: GatewayContext) {}

  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.call(() => this.sendInvoice(input)),
    fetchInvoiceStatus: ({ externalId }) =>
      this.call(async () => stateOf(await this.client().invoices.retrieve(externalId))),
    voidInvoice: ({ externalId }) =>
      this.call(async () => stateOf(await this.client().invoices.voidInvoice(externalId))),
    // Stripe records a payment made elsewhere as `paid_out_of_band`; it has no date of its own.
    markPaidOutside: ({ externalId }) =>
      this.call(async () =>
        stateOf(await this.client().invoices.pay(externalId, { paid_out_of_band: true })),
      ),
  };

  /**
   * Customer (found by email or created), draft invoice (send_invoice, due_date), one item per
   * line plus one per tax rate, finalize, send. Each create carries an idempotency key derived from the
   * sync, and the invoice id is checkpointed the moment it exists, so a retry resumes instead of duplicating.
   */
  private async sendInvoice({
    invoice,
    idempotencyKey,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const stripe = this.client();
    const key = (step: string) => ({ idempotencyKey: idempotencyKeyFor(idempotencyKey, step) });
    const customerId =
      checkpoint.customerId ??
      invoice.customer.externalId ??
      (await this.findOrCreateCustomer(invoice, key("customer")));
    let invoiceId = checkpoint.invoiceId;
    // A draft created by this attempt has no items yet; only a resumed one needs looking at.
    const resumed = Boolean(invoiceId);
    if (!invoiceId) {
      const draft = await stripe.invoices.create(
        {
          customer: customerId,
          currency: invoice.currency.toLowerCase(),
          collection_method: "send_invoice",
          ...dueTermsOf(invoice.dueDate),
          auto_advance: false,
          pending_invoice_items_behavior: "exclude",
          description: invoice.memo ?? undefined,
          custom_fields: [{ name: "Invoice number", value: invoice.number }],
          metadata: { plugboard_invoice_id: invoice.id, plugboard_invoice_number: invoice.number },
        },
        key("invoice"),
      );
      invoiceId = draft.id ?? "";
      await saveCheckpoint({ invoiceId, customerId });
    }
    if (!checkpoint.itemsAdded) {
      // Items an earlier attempt added carry their slot in metadata and are not added again, even
      // once Stripe has forgotten the idempotency keys (24 h).
      const existing = resumed
        ? await stripe.invoiceItems
            .list({ invoice: invoiceId, limit: 100 })
            .autoPagingToArray({ limit: 10_000 })
        : [];
      const added = new Set(existing.map((item) => item.metadata?.plugboard_slot));
      const currency = invoice.currency.toLowerCase();
      for (const line of invoice.lines) {
        const slot = `line-${line.position}`;
        if (added.has(slot)) continue;
        await stripe.invoiceItems.create(
          {
            customer: customerId,
            invoice: invoiceId,
            currency,
            description: line.description,
            quantity: line.quantity,
            unit_amount_decimal: Stripe.Decimal.from(line.unitAmountMinor),
            metadata: { plugboard_slot: slot },
          },
          key(slot),
        );
      }
      for (const [rateBps, amount] of taxByRate(invoice)) {
        const slot = `tax-${rateBps}`;
        if (added.has(slot)) continue;
        await stripe.invoiceItems.create(
          {
            customer: customerId,
            invoice: invoiceId,
            currency,
            description: `Tax (${bpsToPercentString(rateBps)}%)`,
            amount,
            metadata: { plugboard_slot: slot },
          },
          key(slot),
        );
      }
      await saveCheckpoint({ invoiceId, customerId, itemsAdded: "1" });
    }
    let current = await stripe.invoices.retrieve(invoiceId);
    if (current.status === "draft") {
      // Stripe may add what we did not send (account tax settings, customer discounts): never
      // finalize an invoice whose total is not the one the customer was shown.
      if (current.total !== invoice.totalMinor)
        throw new ProviderError(
          "conflict",
          `Stripe's draft ${invoiceId} totals ${current.total} but the invoice totals ${invoice.totalMinor} (minor units); it was left as a draft in Stripe`,
        );
      current = await stripe.invoices.finalizeInvoice(invoiceId, {}, key("finalize"));
    }
    if (current.status === "open" && !checkpoint.sent) {
      current = await stripe.invoices.sendInvoice(invoiceId, {}, key("send"));
      await saveCheckpoint({ invoiceId, customerId, itemsAdded: "1", sent: "1" });
    }
    return { ...stateOf(current), externalCustomerId: customerId };
  }

  private async findOrCreateCustomer(invoice: InvoiceDocument, options: Stripe.RequestOptions) {
    const stripe = this.client();
    const existing = await stripe.customers.list({ email: invoice.customer.email, limit: 1 });
    const found = existing.data.find((customer) => !customer.deleted);
    if (found) return found.id;
    const created = await stripe.customers.create(
      {
        name: invoice.customer.name,
        email: invoice.customer.email,
        metadata: { plugboard_customer_id: invoice.customer.id },
      },
      options,
    );
    return created.id;
  }

  /**
   * Runs SDK calls: Stripe's errors become ProviderErrors; a call-budget refusal stays one (it is a
   * wait, not an outage); our own errors (a checkpoint write, say) keep their identity.
   */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    this.refusal = undefined;
    try {
      return await run();
    } catch (error) {
      if (this.refusal) throw this.refusal;
      if (error instanceof Stripe.errors.StripeError) throw providerErrorOf(error);
      throw error;
    }
  }

  async validateCredentials(): Promise<AccountIdentity> {
    try {
      const account = await this.client().accounts.retrieve(null);
      const accountName =
        account.settings?.dashboard?.display_name ||
        account.business_profile?.name ||
        account.email ||
        undefined;
      return { accountId: account.id, accountName };
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  private client(): Stripe {
    const secretKey = this.ctx.credentials.secretKey;
    if (typeof secretKey !== "string" || !secretKey) {
      throw new ProviderError("invalid_request", "Missing credential secretKey");
    }
    const base = new URL(this.ctx.apiBase);
    const protocol = base.protocol === "http:" ? "http" : "https";
    this.sdk ??= new Stripe(secretKey, {
      host: base.hostname,
      port: base.port || (protocol === "http" ? 80 : 443),
      protocol,
      maxNetworkRetries: 2,
      timeout: retryPolicy.timeoutMs,
      telemetry: false,
      appInfo: { name: "Plugboard" },
      httpClient: Stripe.createFetchHttpClient(this.throttledFetch()),
    });
    return this.sdk;
  }

  /** fetch that waits for the call budget first, so the SDK's own retries are counted too. */
  private throttledFetch(): typeof fetch {
    const throttle = this.ctx.throttle;
    if (!throttle) return fetch;
    return async (input, init) => {
      const permit = await throttle().catch((error: unknown) => {
        if (error instanceof BudgetExhausted) this.refusal = error;
        throw error;
      });
      // A later request got through (the SDK retried): an earlier refusal no longer explains a failure.
      this.refusal = undefined;
      try {
        return await fetch(input, init);
      } finally {
        await permit.release();
      }
    };
  }
}

/** Builds the Stripe gateway for one integration. */
export const stripeGateway: GatewayFactory = (ctx) => new StripeGateway(ctx);
