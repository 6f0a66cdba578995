import { bpsToPercentString, minorToDecimalString } from "@/lib/money";
import { ProviderError } from "../errors";
import type {
  ExternalInvoiceState,
  InvoiceDocument,
  InvoicingGateway,
  SendInvoiceInput,
  SendInvoiceResult,
} from "../invoicing";
import { type AccountIdentity, type GatewayFactory, HttpGateway, messageOf } from "./base";

/** The fields of a FreshBooks invoice this gateway reads (accounting API, `invoices/invoices`). */
type FbInvoice = {
  id: number;
  invoice_number?: string;
  customerid?: number;
  status?: number;
  v3_status?: string;
  payment_status?: string;
  vis_state?: number;
  date_paid?: string | null;
  updated?: string | null;
};
type FbClient = { id: number; email?: string; vis_state?: number };
type Membership = { business?: { name?: string; account_id?: string | null } };
type Result<T> = { response: { result: T } };

type CallOptions = { query?: Record<string, string | undefined>; json?: unknown };

/**
 * FreshBooks accounting API (`/accounting/account/{accountId}`). It has no idempotency keys, so every
 * create is preceded by a search for what an earlier attempt may have made (the client by email, the
 * invoice by our invoice number) and the invoice id is checkpointed the moment it exists.
 */
class FreshBooksGateway extends HttpGateway {
  private discoveredAccountId?: Promise<string>;

  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: async ({ externalId }) => stateOf(await this.readInvoice(externalId)),
  };

  /** Reads the signed-in identity; the connected business (or the first membership) names the account. */
  async validateCredentials(): Promise<AccountIdentity> {
    const memberships = await this.memberships();
    const wanted = this.ctx.account?.externalAccountId;
    const membership = wanted
      ? memberships.find((candidate) => candidate.business?.account_id === wanted)
      : memberships.find((candidate) => candidate.business?.account_id);
    const accountId = membership?.business?.account_id;
    if (!accountId)
      throw new ProviderError("auth", "This FreshBooks user has no access to the connected business");
    return { accountId, accountName: membership.business?.name };
  }

  /**
   * Client (found by email or created), invoice (found by our number or created, lines with tax as a
   * percentage FreshBooks applies per line), then FreshBooks' own email, unless the invoice is already past
   * draft; finally its share link for the hosted page.
   */
  private async sendInvoice({
    invoice,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const clientId =
      invoice.customer.externalId ?? checkpoint.clientId ?? (await this.findOrCreateClient(invoice));
    let progress: Record<string, string> = { ...checkpoint, clientId };
    let invoiceId = checkpoint.invoiceId;
    if (!invoiceId) {
      const existing = await this.findInvoice(invoice.number, clientId);
      invoiceId = String(existing?.id ?? (await this.createInvoice(invoice, clientId)).id);
      progress = { ...progress, invoiceId };
      await saveCheckpoint(progress);
    }
    let current = await this.readInvoice(invoiceId);
    if (!checkpoint.sent && isDraft(current)) {
      const { invoice: emailed } = (
        await this.call<Result<{ invoice: FbInvoice }>>("PUT", `/invoices/invoices/${invoiceId}`, {
          json: { invoice: { action_email: true, email_recipients: [invoice.customer.email] } },
        })
      ).response.result;
      current = emailed;
      progress = { ...progress, sent: "1" };
      await saveCheckpoint(progress);
    }
    const { share_link } = (
      await this.call<Result<{ share_link?: { share_link?: string } }>>(
        "GET",
        `/invoices/invoices/${invoiceId}/share_link`,
        { query: { share_method: "share_link" } },
      )
    ).response.result;
    return { ...stateOf(current), hostedUrl: share_link?.share_link, externalCustomerId: clientId };
  }

  private async findOrCreateClient(invoice: InvoiceDocument): Promise<string> {
    const { email, name } = invoice.customer;
    const { clients } = (
      await this.call<Result<{ clients: FbClient[] }>>("GET", "/users/clients", {
        query: { "search[email]": email },
      })
    ).response.result;
    const found = clients.find(
      (client) => client.email?.toLowerCase() === email.toLowerCase() && (client.vis_state ?? 0) === 0,
    );
    if (found) return String(found.id);
    const { client } = (
      await this.call<Result<{ client: FbClient }>>("POST", "/users/clients", {
        json: {
          client: {
            email,
            organization: name,
            ...(invoice.customer.billingAddress ? { p_street: invoice.customer.billingAddress } : {}),
          },
        },
      })
    ).response.result;
    return String(client.id);
  }

  /** The active invoice an earlier attempt created for this client under our invoice number, if any. */
  private async findInvoice(number: string, clientId: string): Promise<FbInvoice | undefined> {
    const { invoices } = (
      await this.call<Result<{ invoices: FbInvoice[] }>>("GET", "/invoices/invoices", {
        query: { "search[invoice_number]": number, "search[customerid]": clientId },
      })
    ).response.result;
    return invoices.find(
      (candidate) =>
        candidate.invoice_number === number &&
        String(candidate.customerid) === clientId &&
        (candidate.vis_state ?? 0) === 0,
    );
  }

  private async createInvoice(invoice: InvoiceDocument, clientId: string): Promise<FbInvoice> {
    const money = (minor: number) => ({
      amount: minorToDecimalString(minor, invoice.currency),
      code: invoice.currency,
    });
    const body = {
      invoice: {
        customerid: Number(clientId),
        invoice_number: invoice.number,
        create_date: invoice.issueDate,
        due_offset_days: Math.max(
          0,
          Math.round((Date.parse(invoice.dueDate) - Date.parse(invoice.issueDate)) / 86_400_000),
        ),
        currency_code: invoice.currency,
        notes: invoice.memo ?? undefined,
        lines: invoice.lines.map((line) => ({
          type: 0,
          name: line.description,
          qty: line.quantity,
          unit_cost: money(line.unitAmountMinor),
          // FreshBooks takes a line's tax as a name and a percentage and rounds it per line, as we do.
          ...(line.taxRateBps ? { taxName1: "Tax", taxAmount1: bpsToPercentString(line.taxRateBps) } : {}),
        })),
      },
    };
    return (await this.call<Result<{ invoice: FbInvoice }>>("POST", "/invoices/invoices", { json: body }))
      .response.result.invoice;
  }

  private async readInvoice(invoiceId: string): Promise<FbInvoice> {
    return (await this.call<Result<{ invoice: FbInvoice }>>("GET", `/invoices/invoices/${invoiceId}`))
      .response.result.invoice;
  }

  /** An account-scoped accounting call with a fresh access token. */
  private async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const accountId = await this.accountId();
    return this.authorized((authorization) =>
      this.request<T>(method, `/accounting/account/${accountId}${path}`, {
        ...options,
        headers: { authorization },
      }),
    );
  }

  /** The account id: the connected account's, else the first business membership of the signed-in user. */
  private accountId(): Promise<string> {
    const known = this.ctx.account?.externalAccountId ?? this.ctx.account?.metadata.accountId;
    if (typeof known === "string" && known) return Promise.resolve(known);
    this.discoveredAccountId ??= this.validateCredentials().then(
      (identity) => identity.accountId,
      (error: unknown) => {
        this.discoveredAccountId = undefined; // a failed discovery is retried by the next call
        throw error;
      },
    );
    return this.discoveredAccountId;
  }

  private async memberships(): Promise<Membership[]> {
    const me = await this.authorized((authorization) =>
      this.request<{ response?: { business_memberships?: Membership[] } }>("GET", "/auth/api/v1/users/me", {
        headers: { authorization },
      }),
    );
    return me.response?.business_memberships ?? [];
  }

  private async authorized<T>(use: (authorization: string) => Promise<T>): Promise<T> {
    if (!this.ctx.withAccessToken)
      throw new ProviderError("auth", "FreshBooks is connected through OAuth: reconnect it");
    return this.ctx.withAccessToken((token) => use(`Bearer ${token}`));
  }

  /** FreshBooks' accounting errors: `{response: {errors: [{errno, field, message, object, value}]}}`. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const classified = super.parseError(status, body, headers);
    const errors = (
      body as { response?: { errors?: Array<{ message?: string; field?: string; errno?: number }> } }
    )?.response?.errors;
    if (!Array.isArray(errors) || !errors.length) return classified;
    const message = errors
      .map(
        (error) => `${error.message ?? messageOf(error) ?? "error"}${error.field ? ` (${error.field})` : ""}`,
      )
      .join("; ");
    return new ProviderError(classified.type, message, {
      status,
      retryable: classified.retryable,
      retryAfterSeconds: classified.retryAfterSeconds,
    });
  }
}

/** Status 1 / v3_status draft: created but never sent. */
const isDraft = (invoice: FbInvoice) =>
  invoice.status === 1 || invoice.v3_status === "draft" || invoice.v3_status === "created";

/**
 * FreshBooks' invoice, normalised. FreshBooks has no void state: a deleted invoice (vis_state 1) is what
 * voiding becomes, so it maps to void. Paid is payment_status paid/auto-paid (status 4/5); partial stays open.
 * `updated` is in US/Eastern, as the accounting API reports times; `date_paid` is a date.
 */
export function stateOf(invoice: FbInvoice): ExternalInvoiceState {
  const paid =
    invoice.payment_status === "paid" ||
    invoice.payment_status === "auto-paid" ||
    invoice.status === 4 ||
    invoice.status === 5;
  const status = invoice.vis_state === 1 ? "void" : paid ? "paid" : isDraft(invoice) ? "draft" : "open";
  return {
    externalId: String(invoice.id),
    status,
    externalNumber: invoice.invoice_number,
    paidAt: status === "paid" && invoice.date_paid ? new Date(`${invoice.date_paid}T00:00:00Z`) : undefined,
    paymentMethod: status === "paid" ? "freshbooks" : undefined,
    asOf: invoice.updated ? easternToUtc(invoice.updated) : undefined,
  };
}

/** "2026-11-02 09:15:00" in America/New_York → the UTC instant (daylight saving included). */
export function easternToUtc(local: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const asIfUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0);
  // The offset at that instant; evaluated twice so a time right after a DST switch lands correctly.
  let utc = asIfUtc - easternOffsetMs(asIfUtc);
  utc = asIfUtc - easternOffsetMs(utc);
  return new Date(utc);
}

const easternFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** New York's offset from UTC at `instant` (e.g. −5 h in winter), in milliseconds. */
function easternOffsetMs(instant: number): number {
  const parts = easternFormat.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wallClock = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/** Builds the FreshBooks gateway for one integration. */
export const freshbooksGateway: GatewayFactory = (ctx) => new FreshBooksGateway(ctx);
