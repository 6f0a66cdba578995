import { createHash } from "node:crypto";
import { decimalToMinor, minorToDecimalString } from "@/lib/money";
import { ProviderError } from "../errors";
import {
  type ExternalInvoiceState,
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
  type SendInvoiceResult,
} from "../invoicing";
import { type AccountIdentity, type GatewayFactory, HttpGateway, messageOf } from "./base";

/** The QuickBooks Online API minor version this gateway speaks (75 is the oldest Intuit still serves). */
const minorVersion = 75;

/** The fields of a QuickBooks Invoice this gateway reads. */
type QboInvoice = {
  Id: string;
  DocNumber?: string;
  TotalAmt?: number;
  Balance?: number;
  PrivateNote?: string;
  InvoiceLink?: string;
  CurrencyRef?: { value?: string };
  LinkedTxn?: Array<{ TxnId?: string; TxnType?: string }>;
  MetaData?: { LastUpdatedTime?: string };
};
type QboCustomer = { Id: string; PrimaryEmailAddr?: { Address?: string } };
type QboFault = { type?: string; Error?: Array<{ Message?: string; Detail?: string; code?: string }> };

type CallOptions = { query?: Record<string, string | undefined>; json?: unknown; requestId?: string };

/**
 * QuickBooks Online accounting API (`/v3/company/{realmId}`), JSON, a fixed minorversion, and Intuit's
 * `requestid` on every create: QuickBooks answers a repeated requestid with its first response, so a
 * retried create never makes a second customer, invoice or email.
 */
class QuickBooksGateway extends HttpGateway {
  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: async ({ externalId, currency }) =>
      stateOf(await this.readInvoice(externalId), currency),
  };

  /** Reads the connected company's CompanyInfo: the cheapest call that proves the token and the realm. */
  async validateCredentials(): Promise<AccountIdentity> {
    const realmId = this.realmId();
    const { CompanyInfo } = await this.call<{ CompanyInfo?: { CompanyName?: string; LegalName?: string } }>(
      "GET",
      `/companyinfo/${realmId}`,
    );
    return { accountId: realmId, accountName: CompanyInfo?.CompanyName || CompanyInfo?.LegalName };
  }

  /**
   * Customer (found by email or created), invoice (one SalesItemLineDetail per line, the tax total as
   * TxnTaxDetail.TotalTax), then QuickBooks' own email. Each create carries a requestid derived from the sync
   * and step; the invoice id is checkpointed as soon as it exists and the email once sent.
   */
  private async sendInvoice({
    invoice,
    idempotencyKey,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const key = (step: string) => requestIdOf(idempotencyKeyFor(idempotencyKey, step));
    const customerId =
      invoice.customer.externalId ?? checkpoint.customerId ?? (await this.findOrCreateCustomer(invoice, key));
    let progress: Record<string, string> = { ...checkpoint, customerId };
    let invoiceId = checkpoint.invoiceId;
    if (!invoiceId) {
      const created = await this.call<{ Invoice: QboInvoice }>("POST", "/invoice", {
        json: invoiceOf(invoice, customerId),
        requestId: key("invoice"),
      });
      invoiceId = created.Invoice.Id;
      progress = { ...progress, invoiceId };
      await saveCheckpoint(progress);
    }
    if (!checkpoint.sent) {
      await this.call("POST", `/invoice/${invoiceId}/send`, {
        query: { sendTo: invoice.customer.email },
        requestId: key("send"),
      });
      progress = { ...progress, sent: "1" };
      await saveCheckpoint(progress);
    }
    return {
      ...stateOf(await this.readInvoice(invoiceId), invoice.currency),
      externalCustomerId: customerId,
    };
  }

  private async findOrCreateCustomer(invoice: InvoiceDocument, key: (step: string) => string) {
    const { email, name } = invoice.customer;
    // QuickBooks' query language quotes with ' and escapes with a backslash.
    const query = `select * from Customer where PrimaryEmailAddr = '${email.replace(/['\\]/g, "\\$&")}'`;
    const found = await this.call<{ QueryResponse?: { Customer?: QboCustomer[] } }>("GET", "/query", {
      query: { query },
    });
    const existing = found.QueryResponse?.Customer?.find(
      (customer) => customer.PrimaryEmailAddr?.Address?.toLowerCase() === email.toLowerCase(),
    );
    if (existing) return existing.Id;
    const create = async (displayName: string, step: string) => {
      const created = await this.call<{ Customer: QboCustomer }>("POST", "/customer", {
        json: {
          DisplayName: displayName,
          PrimaryEmailAddr: { Address: email },
          CurrencyRef: { value: invoice.currency },
          ...(invoice.customer.billingAddress
            ? { BillAddr: { Line1: invoice.customer.billingAddress } }
            : {}),
        },
        requestId: key(step),
      });
      return created.Customer.Id;
    };
    try {
      return await create(name, "customer");
    } catch (error) {
      // DisplayName is unique across customers, vendors and employees (6240 Duplicate Name Exists).
      if (!(error instanceof ProviderError && /\(6240\)$/.test(error.message))) throw error;
      return create(`${name} (${email})`, "customer-by-email");
    }
  }

  private async readInvoice(invoiceId: string): Promise<QboInvoice> {
    const { Invoice } = await this.call<{ Invoice: QboInvoice }>("GET", `/invoice/${invoiceId}`, {
      query: { include: "invoiceLink" },
    });
    return Invoice;
  }

  /** A company-scoped call with a fresh access token, the minorversion and, for creates, the requestid. */
  private async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const realmId = this.realmId();
    const withAccessToken = this.ctx.withAccessToken;
    if (!withAccessToken)
      throw new ProviderError("auth", "QuickBooks is connected through OAuth: reconnect it");
    const isSend = path.endsWith("/send");
    return withAccessToken((token) =>
      this.request<T>(method, `/v3/company/${realmId}${path}`, {
        query: { ...options.query, minorversion: minorVersion, requestid: options.requestId },
        json: options.json,
        // The send endpoint takes an empty application/octet-stream body.
        headers: {
          authorization: `Bearer ${token}`,
          ...(isSend ? { "content-type": "application/octet-stream" } : {}),
        },
      }),
    );
  }

  private realmId(): string {
    const metadataRealm = this.ctx.account?.metadata.realmId;
    const realmId =
      this.ctx.account?.externalAccountId ?? (typeof metadataRealm === "string" ? metadataRealm : undefined);
    if (!realmId)
      throw new ProviderError("invalid_request", "This QuickBooks connection has no company (realmId)");
    return realmId;
  }

  /** QuickBooks' `{Fault: {Error: [{Message, Detail, code}], type}}` (lower-case keys on 401s), made readable. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const classified = super.parseError(status, body, headers);
    const fault = faultOf(body);
    const first = fault?.Error?.[0];
    if (!fault || !first) return classified;
    const detail = first.Detail && first.Detail !== first.Message ? ` – ${first.Detail}` : "";
    const message = `${fault.type ?? "Fault"}: ${first.Message ?? messageOf(body) ?? `HTTP ${status}`}${detail}${
      first.code ? ` (${first.code})` : ""
    }`;
    const serverSide = fault.type === "SystemFault";
    return new ProviderError(serverSide ? "unavailable" : classified.type, message, {
      status,
      retryable: serverSide || classified.retryable,
      retryAfterSeconds: classified.retryAfterSeconds,
    });
  }
}

/** The invoice in QuickBooks' shape. JSON numbers from exact decimal strings ("12.34" serialises as 12.34). */
function invoiceOf(invoice: InvoiceDocument, customerId: string) {
  const decimal = (minor: number) => Number(minorToDecimalString(minor, invoice.currency));
  return {
    CustomerRef: { value: customerId },
    DocNumber: invoice.number,
    TxnDate: invoice.issueDate,
    DueDate: invoice.dueDate,
    CurrencyRef: { value: invoice.currency },
    BillEmail: { Address: invoice.customer.email },
    ...(invoice.memo ? { CustomerMemo: { value: invoice.memo } } : {}),
    Line: invoice.lines.map((line, index) => ({
      LineNum: index + 1,
      DetailType: "SalesItemLineDetail",
      Description: line.description,
      Amount: decimal(line.netMinor),
      SalesItemLineDetail: { Qty: line.quantity, UnitPrice: decimal(line.unitAmountMinor) },
    })),
    // Our tax, computed per line (lib/money), as the transaction's total tax. This overrides QuickBooks'
    // own calculation where the company allows it (US automated sales tax); companies that require tax
    // codes per line would need a mapping of our rates to their TaxCodeRefs, which this does not do yet.
    ...(invoice.taxMinor ? { TxnTaxDetail: { TotalTax: decimal(invoice.taxMinor) } } : {}),
  };
}

/**
 * QuickBooks has no invoice status field: a balance of 0 on a non-zero total is paid; voiding sets the
 * total and balance to 0 (and the private note to "Voided"); anything with a balance is open.
 */
export function stateOf(invoice: QboInvoice, currency: string): ExternalInvoiceState {
  const code = invoice.CurrencyRef?.value ?? currency;
  const total = decimalToMinor(invoice.TotalAmt ?? 0, code);
  const balance = decimalToMinor(invoice.Balance ?? 0, code);
  const voided = balance === 0 && (total === 0 || /^voided/i.test(invoice.PrivateNote ?? ""));
  const status = voided ? "void" : balance === 0 ? "paid" : "open";
  const lastUpdated = invoice.MetaData?.LastUpdatedTime;
  return {
    externalId: invoice.Id,
    status,
    externalNumber: invoice.DocNumber,
    hostedUrl: invoice.InvoiceLink || undefined,
    paymentMethod: status === "paid" ? "quickbooks" : undefined,
    transactionId:
      status === "paid" ? invoice.LinkedTxn?.find((txn) => txn.TxnType === "Payment")?.TxnId : undefined,
    asOf: lastUpdated ? new Date(lastUpdated) : undefined,
  };
}

/** Intuit allows 50 characters in a requestid; longer keys are hashed to a stable 43-character id. */
export const requestIdOf = (key: string) =>
  key.length <= 50 ? key : createHash("sha256").update(key).digest("base64url");

function faultOf(body: unknown): QboFault | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const fault = (record.Fault ?? record.fault) as Record<string, unknown> | undefined;
  if (!fault || typeof fault !== "object") return undefined;
  const errors = (fault.Error ?? fault.error) as Array<Record<string, unknown>> | undefined;
  const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  return {
    type: text(fault.type),
    Error: Array.isArray(errors)
      ? errors.map((error) => ({
          Message: text(error.Message ?? error.message),
          Detail: text(error.Detail ?? error.detail),
          code: text(error.code),
        }))
      : undefined,
  };
}

/** Builds the QuickBooks Online gateway for one integration. */
export const quickbooksGateway: GatewayFactory = (ctx) => new QuickBooksGateway(ctx);
