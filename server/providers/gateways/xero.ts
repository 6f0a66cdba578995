import {
  type AccountingApi,
  type CurrencyCode,
  Invoice,
  LineAmountTypes,
  type TaxRate,
  XeroClient,
} from "xero-node";
import { z } from "zod";
import { bpsToPercentString, currencyDigits, decimalToMinor } from "@/lib/money";
import { ProviderError } from "../errors";
import {
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
  type SendInvoiceResult,
} from "../invoicing";
import { type AccountIdentity, type GatewayFactory, HttpGateway, retryDelay, retryPolicy } from "./base";
import {
  decimalNumber,
  errorMessage,
  parseJson,
  recordOf,
  stateOf,
  stringOf,
  withTimeout,
  xeroCurrencyOf,
  xeroMessageOf,
} from "./xero-mapping";

/** Xero's sales account in new organisations; `metadata.salesAccountCode` overrides it per connection. */
const defaultSalesAccountCode = "200";

const connectionsSchema = z.array(
  z.object({ tenantId: z.string(), tenantName: z.string().nullish(), tenantType: z.string().nullish() }),
);

/**
 * Xero: accounting calls go through the official xero-node SDK (its AccountingApi pointed at
 * `${apiBase}/api.xro/2.0`), holding the access token our OAuth client keeps fresh. The identity call
 * (`GET /connections`) goes through HttpGateway; SDK calls get the same error classification, retry policy
 * and call budget.
 */
class XeroGateway extends HttpGateway {
  private readonly xero = new XeroClient();

  constructor(ctx: ConstructorParameters<typeof HttpGateway>[0]) {
    super(ctx);
    this.xero.accountingApi.basePath = `${ctx.apiBase}/api.xro/2.0`;
  }

  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: async ({ externalId }) => stateOf(await this.readInvoice(externalId)),
  };

  /** Proves the token with GET /connections and checks the chosen organisation is still connected. */
  async validateCredentials(): Promise<AccountIdentity> {
    const connections = connectionsSchema.parse(
      await this.withToken((token) =>
        this.request<unknown>("GET", "/connections", { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    const wanted = this.ctx.account?.externalAccountId ?? stringOf(this.ctx.account?.metadata.xeroTenantId);
    const organisation = wanted
      ? connections.find((connection) => connection.tenantId === wanted)
      : connections.find((connection) => (connection.tenantType ?? "ORGANISATION") === "ORGANISATION");
    if (!organisation) {
      throw new ProviderError(
        "auth",
        "The Xero organisation is no longer connected to Plugboard: reconnect it",
      );
    }
    return { accountId: organisation.tenantId, accountName: organisation.tenantName ?? undefined };
  }

  /**
   * Contact (found by email or created), an AUTHORISED ACCREC invoice, the email from Xero, then the online
   * invoice link. Creates carry Idempotency-Keys derived from the sync; the invoice id is checkpointed as soon
   * as it exists and the email once sent, so a retry resumes instead of duplicating either.
   */
  private async sendInvoice({
    invoice,
    idempotencyKey,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const tenantId = this.tenantId();
    const key = (step: string) => idempotencyKeyFor(idempotencyKey, step);
    // What Xero would refuse is found out before anything is created.
    const currencyCode = xeroCurrencyOf(invoice.currency);
    const taxTypes = checkpoint.invoiceId ? new Map<number, string>() : await this.taxTypesFor(invoice);
    const contactId =
      invoice.customer.externalId ?? checkpoint.contactId ?? (await this.findOrCreateContact(invoice, key));
    let progress: Record<string, string> = { ...checkpoint, contactId };
    let invoiceId = checkpoint.invoiceId;
    if (!invoiceId) {
      const document = { invoices: [this.invoiceOf(invoice, currencyCode, contactId, taxTypes)] };
      const unitdp = currencyDigits(invoice.currency) > 2 ? 4 : undefined;
      const created = await this.api((api) =>
        api.createInvoices(tenantId, document, undefined, unitdp, key("invoice")),
      );
      invoiceId = created.invoices?.[0]?.invoiceID;
      if (!invoiceId) throw new ProviderError("unknown", "Xero created no invoice");
      progress = { ...progress, invoiceId };
      await saveCheckpoint(progress);
    }
    const createdId = invoiceId;
    if (!checkpoint.emailed) {
      // emailInvoice answers 204 No Content; its status is the result.
      await this.api(async (api) => ({
        body: (await api.emailInvoice(tenantId, createdId, {}, key("email"))).response.status,
      }));
      progress = { ...progress, emailed: "1" };
      await saveCheckpoint(progress);
    }
    const online = await this.api((api) => api.getOnlineInvoice(tenantId, createdId));
    const state = stateOf(await this.readInvoice(createdId));
    const hostedUrl = online.onlineInvoices?.[0]?.onlineInvoiceUrl;
    return { ...state, hostedUrl, externalCustomerId: contactId };
  }

  private async findOrCreateContact(invoice: InvoiceDocument, key: (step: string) => string) {
    const tenantId = this.tenantId();
    const { email, name } = invoice.customer;
    const where = `EmailAddress=="${email.replace(/["\\]/g, "\\$&")}"`;
    const existing = await this.api((api) => api.getContacts(tenantId, undefined, where));
    const found = existing.contacts?.find(
      (contact) =>
        contact.emailAddress?.toLowerCase() === email.toLowerCase() &&
        String(contact.contactStatus ?? "ACTIVE") === "ACTIVE",
    );
    if (found?.contactID) return found.contactID;
    const create = async (contactName: string, step: string) => {
      const created = await this.api((api) =>
        api.createContacts(
          tenantId,
          { contacts: [{ name: contactName, emailAddress: email }] },
          undefined,
          key(step),
        ),
      );
      const contactId = created.contacts?.[0]?.contactID;
      if (!contactId) throw new ProviderError("unknown", "Xero created no contact");
      return contactId;
    };
    try {
      return await create(name, "contact");
    } catch (error) {
      // Contact names are unique in Xero: another contact already has this name, so qualify it by email.
      if (!(error instanceof ProviderError && /already assigned|unique/i.test(error.message))) throw error;
      return create(`${name} (${email})`, "contact-by-email");
    }
  }

  /** The invoice in Xero's shape; amounts are exact decimals of our minor units, tax computed per line. */
  private invoiceOf(
    invoice: InvoiceDocument,
    currencyCode: CurrencyCode,
    contactID: string,
    taxTypes: Map<number, string>,
  ): Invoice {
    const accountCode = stringOf(this.ctx.account?.metadata.salesAccountCode) ?? defaultSalesAccountCode;
    const decimal = (minor: number) => decimalNumber(minor, invoice.currency);
    return {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID },
      date: invoice.issueDate,
      dueDate: invoice.dueDate,
      reference: invoice.number,
      currencyCode,
      status: Invoice.StatusEnum.AUTHORISED,
      lineAmountTypes: LineAmountTypes.Exclusive,
      lineItems: invoice.lines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitAmount: decimal(line.unitAmountMinor),
        accountCode,
        taxType: taxTypes.get(line.taxRateBps),
        taxAmount: decimal(line.taxMinor),
      })),
    };
  }

  /** The organisation's active sales tax type for each rate the invoice uses (Xero has no free-form rates). */
  private async taxTypesFor(invoice: InvoiceDocument): Promise<Map<number, string>> {
    const rates = await this.api((api) => api.getTaxRates(this.tenantId()));
    const salesRates = (rates.taxRates ?? []).filter(
      (rate: TaxRate) => rate.canApplyToRevenue && String(rate.status ?? "ACTIVE") === "ACTIVE",
    );
    const taxTypes = new Map<number, string>();
    for (const bps of new Set(invoice.lines.map((line) => line.taxRateBps))) {
      const match = salesRates.find(
        (rate) => rate.taxType && decimalToMinor(rate.effectiveRate ?? -1, "XXX") === bps,
      );
      const taxType = match?.taxType ?? (bps === 0 ? "NONE" : undefined);
      if (!taxType) {
        throw new ProviderError(
          "invalid_request",
          `Xero has no active sales tax rate of ${bpsToPercentString(bps)}%: add one under Settings → Tax rates`,
        );
      }
      taxTypes.set(bps, taxType);
    }
    return taxTypes;
  }

  private async readInvoice(invoiceId: string): Promise<Invoice> {
    const found = (await this.api((api) => api.getInvoice(this.tenantId(), invoiceId))).invoices?.[0];
    if (!found) throw new ProviderError("not_found", `Xero has no invoice ${invoiceId}`);
    return found;
  }

  /**
   * One SDK call with a fresh access token: it waits for the call budget, gives up after the timeout, and
   * retries what is retryable (429 honouring Retry-After, 5xx, network) like HttpGateway.request does.
   * xero-node cannot abort a request, so a timed-out one is abandoned rather than cancelled.
   */
  private api<T>(call: (api: AccountingApi) => Promise<{ body: T }>): Promise<T> {
    return this.withToken(async (token) => {
      this.xero.setTokenSet({ access_token: token });
      for (let attempt = 1; ; attempt++) {
        const permit = await this.ctx.throttle?.();
        let error: ProviderError;
        try {
          return (await withTimeout(call(this.xero.accountingApi), retryPolicy.timeoutMs)).body;
        } catch (caught) {
          error = this.sdkError(caught);
        } finally {
          await permit?.release();
        }
        const waitMs = retryDelay(error, attempt);
        this.ctx.log.warn(
          { provider: "xero", attempt, type: error.type, status: error.status, retryInMs: waitMs },
          "provider request failed",
        );
        if (waitMs === null) throw error;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    });
  }

  /** xero-node rejects with a JSON string `{response: {statusCode, body, headers}}`; network errors have status 0. */
  private sdkError(caught: unknown): ProviderError {
    if (caught instanceof ProviderError) return caught;
    const response = recordOf(recordOf(typeof caught === "string" ? parseJson(caught) : undefined)?.response);
    if (!response) return new ProviderError("unknown", errorMessage(caught), { cause: caught });
    const status = typeof response.statusCode === "number" ? response.statusCode : 0;
    if (status === 0) return new ProviderError("unavailable", String(response.body ?? "network error"));
    const headers = new Headers();
    for (const [name, value] of Object.entries(recordOf(response.headers) ?? {})) {
      if (typeof value === "string") headers.set(name, value);
    }
    return this.parseError(status, response.body, headers);
  }

  /** Xero's error bodies: validation (`Elements[].ValidationErrors[].Message`), problem (`Title`, `Detail`), text. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const classified = super.parseError(status, body, headers);
    const message = xeroMessageOf(body);
    if (!message) return classified;
    return new ProviderError(classified.type, message, {
      status,
      retryable: classified.retryable,
      retryAfterSeconds: classified.retryAfterSeconds,
    });
  }

  private async withToken<T>(use: (token: string) => Promise<T>): Promise<T> {
    if (!this.ctx.withAccessToken)
      throw new ProviderError("auth", "Xero is connected through OAuth: reconnect it");
    return this.ctx.withAccessToken(use);
  }

  private tenantId(): string {
    const tenantId = this.ctx.account?.externalAccountId ?? stringOf(this.ctx.account?.metadata.xeroTenantId);
    if (!tenantId)
      throw new ProviderError("invalid_request", "Choose the Xero organisation for this connection");
    return tenantId;
  }
}

/** Builds the Xero gateway for one integration. */
export const xeroGateway: GatewayFactory = (ctx) => new XeroGateway(ctx);
