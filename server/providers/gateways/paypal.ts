import { bpsToPercentString, decimalToMinor, minorToDecimalString } from "@/lib/money";
import { ProviderError } from "../errors";
import {
  type ExternalInvoiceState,
  type ExternalInvoiceStatus,
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
  type SendInvoiceResult,
} from "../invoicing";
import { type AccountIdentity, type GatewayContext, type GatewayFactory, HttpGateway } from "./base";

const productionApiBase = "https://api-m.paypal.com";
const sandboxApiBase = "https://api-m.sandbox.paypal.com";
/** Renew the access token this long before PayPal says it expires. */
const tokenMarginMs = 60_000;

/** PayPal's answer to a client-credentials token request (developer.paypal.com/api/rest/authentication). */
type AccessTokenResponse = {
  scope: string;
  access_token: string;
  token_type: "Bearer";
  app_id?: string;
  expires_in: number;
  nonce: string;
};

/** A HATEOAS link: what `send` answers, and what `create` answers without `Prefer: return=representation`. */
type LinkDescription = { href?: string; rel?: string; method?: string };

type Money = { currency_code?: string; value?: string };
type PaypalTransaction = { payment_id?: string; payment_date?: string; method?: string; type?: string };
type RequestOptions = { json?: unknown; headers?: Record<string, string> };

/** The fields of an Invoicing v2 invoice this gateway reads (shared/specs/paypal_invoicing_v2.json `invoice`). */
export type PaypalInvoice = {
  id?: string;
  status?: string;
  detail?: {
    invoice_number?: string;
    metadata?: { last_update_time?: string; recipient_view_url?: string };
  };
  amount?: Money;
  payments?: { transactions?: PaypalTransaction[] };
  links?: LinkDescription[];
};

/**
 * PayPal REST: the client id and secret are exchanged for an access token (client credentials), which both
 * proves them and authorises the Invoicing v2 calls. Sandbox apps talk to the sandbox host unless the API
 * base was overridden (an override always wins).
 */
class PaypalGateway extends HttpGateway {
  private token?: { value: string; expiresAt: number };

  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: async ({ externalId }) => ({
      ...stateOf(await this.getInvoice(externalId)),
      externalId,
    }),
  };

  constructor(ctx: GatewayContext) {
    const useSandbox = ctx.credentials.environment === "sandbox" && ctx.apiBase === productionApiBase;
    super(useSandbox ? { ...ctx, apiBase: sandboxApiBase } : ctx);
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const token = await this.requestToken();
    return { accountId: token.app_id || this.credential("clientId") };
  }

  /**
   * Draft (with PayPal-Request-Id, so a retried create returns the first invoice), checkpointed the moment
   * PayPal names it; then send (its own request id), then read it back for status and the payer link.
   * PayPal computes each item's tax from `tax.percent` on that item, per line as we do; its rounding mode
   * is not documented, so checkTotal logs any total that differs from ours.
   */
  private async sendInvoice({
    invoice,
    idempotencyKey,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    let invoiceId = checkpoint.invoiceId;
    const resuming = Boolean(invoiceId);
    if (!invoiceId) {
      const created = await this.api<PaypalInvoice & LinkDescription>("POST", "/v2/invoicing/invoices", {
        json: draftOf(invoice),
        headers: {
          "paypal-request-id": idempotencyKeyFor(idempotencyKey, "invoice"),
          prefer: "return=representation",
        },
      });
      invoiceId = invoiceIdOf(created);
      if (!invoiceId) throw new ProviderError("unknown", "PayPal created the invoice without naming its id");
      await saveCheckpoint({ invoiceId });
      this.checkTotal(invoice, created);
    }
    let sendLink: string | undefined;
    if (!checkpoint.sent) {
      // After a crash between send and checkpoint, the invoice is already out: read before sending again.
      const current = resuming ? await this.getInvoice(invoiceId) : undefined;
      if (!current || current.status === "DRAFT") {
        const link = await this.api<LinkDescription | null>("POST", `${invoicePath(invoiceId)}/send`, {
          json: { send_to_recipient: true, send_to_invoicer: false },
          headers: { "paypal-request-id": idempotencyKeyFor(idempotencyKey, "send") },
        });
        sendLink = httpUrlOrUndefined(link?.href);
      }
      await saveCheckpoint({ invoiceId, sent: "1" });
    }
    const state = stateOf(await this.getInvoice(invoiceId));
    return { ...state, externalId: invoiceId, hostedUrl: state.hostedUrl ?? sendLink };
  }

  private getInvoice(invoiceId: string): Promise<PaypalInvoice> {
    return this.api<PaypalInvoice>("GET", invoicePath(invoiceId));
  }

  /** PayPal rounds on its side; a total that differs from ours is worth a warning, not a failed push. */
  private checkTotal(invoice: InvoiceDocument, created: PaypalInvoice) {
    const value = created.amount?.value;
    if (!value || !/^-?\d+(\.\d+)?$/.test(value)) return;
    const paypalTotal = decimalToMinor(value, invoice.currency);
    if (paypalTotal !== invoice.totalMinor) {
      this.ctx.log.warn(
        { provider: "paypal", invoiceId: invoice.id, totalMinor: invoice.totalMinor, paypalTotal },
        "PayPal computed a different invoice total",
      );
    }
  }

  /** An Invoicing call with a cached token; a 401 on a reused token renews it once (it may have expired). */
  private async api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const reused = this.token !== undefined && this.token.expiresAt > Date.now();
    try {
      return await this.request<T>(method, path, options);
    } catch (error) {
      if (!reused || !(error instanceof ProviderError) || error.status !== 401) throw error;
      this.token = undefined;
      return this.request<T>(method, path, options);
    }
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    if (!this.token || this.token.expiresAt <= Date.now()) {
      const token = await this.requestToken();
      this.token = {
        value: token.access_token,
        expiresAt: Date.now() + token.expires_in * 1000 - tokenMarginMs,
      };
    }
    return { authorization: `Bearer ${this.token.value}` };
  }

  private requestToken(): Promise<AccessTokenResponse> {
    const basic = Buffer.from(`${this.credential("clientId")}:${this.credential("clientSecret")}`).toString(
      "base64",
    );
    return this.request<AccessTokenResponse>("POST", "/v1/oauth2/token", {
      anonymous: true,
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: "client_credentials" },
    });
  }

  /** PayPal's `{name, message, details: [{issue, description}], debug_id}`: the details say what was wrong. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const error = super.parseError(status, body, headers);
    const { details, debug_id: debugId } = (body ?? {}) as {
      details?: { field?: string; issue?: string; description?: string }[];
      debug_id?: string;
    };
    const explained = (Array.isArray(details) ? details : [])
      .map(
        ({ issue = "", field, description }) =>
          `${issue}${field ? ` (${field})` : ""}${description ? `: ${description}` : ""}`,
      )
      .filter(Boolean);
    if (!explained.length && !debugId) return error;
    const message = [error.message, ...explained].join(" ") + (debugId ? ` [debug_id ${debugId}]` : "");
    return new ProviderError(error.type, message, {
      status: error.status,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
}

const invoicePath = (invoiceId: string) => `/v2/invoicing/invoices/${encodeURIComponent(invoiceId)}`;

/** The draft as PayPal's `invoice` schema wants it: money as exact decimal strings, tax as a percent per item. */
export function draftOf(invoice: InvoiceDocument) {
  const money = (amountMinor: number) => ({
    currency_code: invoice.currency,
    value: minorToDecimalString(amountMinor, invoice.currency),
  });
  return {
    detail: {
      currency_code: invoice.currency,
      invoice_number: invoice.number,
      invoice_date: invoice.issueDate,
      payment_term: { due_date: invoice.dueDate },
      ...(invoice.memo ? { note: invoice.memo.slice(0, 4000) } : {}),
    },
    primary_recipients: [
      {
        billing_info: {
          name: { full_name: invoice.customer.name },
          email_address: invoice.customer.email,
        },
      },
    ],
    items: invoice.lines.map((line) => ({
      name: line.description.slice(0, 200),
      ...(line.description.length > 200 ? { description: line.description.slice(0, 1000) } : {}),
      quantity: String(line.quantity),
      unit_amount: money(line.unitAmountMinor),
      ...(line.taxRateBps ? { tax: { name: "Tax", percent: bpsToPercentString(line.taxRateBps) } } : {}),
      unit_of_measure: "QUANTITY",
    })),
    configuration: { tax_inclusive: false },
  };
}

/** The id from a full invoice, or from the `self` link PayPal answers by default (`…/invoices/INV2-…`). */
export function invoiceIdOf(created: PaypalInvoice & LinkDescription): string | undefined {
  if (created.id) return created.id;
  const href = created.href ?? created.links?.find((link) => link.rel === "self")?.href;
  const match = href ? /\/v2\/invoicing\/invoices\/([^/?#]+)$/.exec(href) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/**
 * PayPal statuses, normalised. Refunds follow a payment and the sync treats paid as final, so refunded
 * invoices stay paid here; the refund itself shows at PayPal and in its webhook events.
 */
const paypalStatuses: Record<string, ExternalInvoiceStatus> = {
  DRAFT: "draft",
  SENT: "open",
  UNPAID: "open",
  SCHEDULED: "open",
  PARTIALLY_PAID: "open",
  PAYMENT_PENDING: "open",
  PAID: "paid",
  MARKED_AS_PAID: "paid",
  CANCELLED: "void",
  REFUNDED: "paid",
  PARTIALLY_REFUNDED: "paid",
  MARKED_AS_REFUNDED: "paid",
};

/** PayPal's invoice, normalised; `detail.metadata.last_update_time` orders it against other updates. */
export function stateOf(invoice: PaypalInvoice): ExternalInvoiceState {
  const status = paypalStatuses[invoice.status ?? ""] ?? "open";
  const metadata = invoice.detail?.metadata;
  // The newest payment is the one that settled the invoice (earlier ones were partial).
  const payment = (invoice.payments?.transactions ?? []).reduce<PaypalTransaction | undefined>(
    (latest, next) => (!latest || (next.payment_date ?? "") >= (latest.payment_date ?? "") ? next : latest),
    undefined,
  );
  const paid = status === "paid";
  const asOf = dateOf(metadata?.last_update_time);
  return {
    externalId: invoice.id ?? "",
    status,
    externalNumber: invoice.detail?.invoice_number,
    hostedUrl: httpUrlOrUndefined(metadata?.recipient_view_url),
    paidAt: paid ? (dateOf(payment?.payment_date) ?? asOf) : undefined,
    paymentMethod: paid && payment?.method ? payment.method.toLowerCase() : undefined,
    transactionId: paid ? payment?.payment_id : undefined,
    asOf,
  };
}

/** A PayPal date (`2024-05-01`) or date-time, or undefined when absent or not a date. */
function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function httpUrlOrUndefined(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

/** Builds the PayPal gateway for one integration. */
export const paypalGateway: GatewayFactory = (ctx) => new PaypalGateway(ctx);
