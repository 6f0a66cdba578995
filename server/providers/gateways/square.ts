import { bpsToPercentString } from "@/lib/money";
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
import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";

/** The Square API version this gateway speaks (the version of the spec its tests run against). */
const squareVersion = "2025-08-20";

/** The fields of a Square Location this gateway reads (ListLocations response). */
type Location = {
  id: string;
  merchant_id?: string;
  business_name?: string;
  name?: string;
  status?: string;
  currency?: string;
};

type Money = { amount?: number; currency?: string };

/** The fields of a Square Invoice this gateway reads (shared/specs/square_api.offline.json `Invoice`). */
export type SquareInvoice = {
  id?: string;
  version?: number;
  status?: string;
  invoice_number?: string;
  public_url?: string;
  updated_at?: string;
};

/**
 * Square: an access token is proven by listing the seller's locations; the merchant id of the first one
 * identifies the account. Invoices go location → customer → order → invoice → publish, each create with an
 * idempotency key and each id checkpointed as soon as Square returns it. Square's errors
 * (`{"errors":[{category, code, detail}]}`) are read by messageOf.
 */
class SquareGateway extends HttpGateway {
  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: async ({ externalId }) => ({
      ...stateOf(await this.getInvoice(externalId)),
      externalId,
    }),
  };

  protected override authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credential("accessToken")}`, "square-version": squareVersion };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const location = (await this.listLocations())[0];
    if (!location?.merchant_id) {
      throw new ProviderError("not_found", "Square returned no location for this access token");
    }
    return { accountId: location.merchant_id, accountName: location.business_name || location.name };
  }

  private async sendInvoice({
    invoice,
    idempotencyKey,
    checkpoint,
    saveCheckpoint,
  }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const progress: Record<string, string> = { ...checkpoint };
    const save = async (step: Record<string, string>) => {
      Object.assign(progress, step);
      await saveCheckpoint({ ...progress });
    };
    const key = (step: string) => idempotencyKeyFor(idempotencyKey, step);
    // The location is kept too: a retry must build the same order for its idempotency key to match.
    const locationId = progress.locationId ?? (await this.invoicingLocation(invoice.currency)).id;
    if (!progress.locationId) await save({ locationId });
    const customerId =
      progress.customerId ?? invoice.customer.externalId ?? (await this.findOrCreateCustomer(invoice, key));
    if (!progress.customerId) await save({ customerId });
    let orderId = progress.orderId;
    if (!orderId) {
      const { order } = await this.request<{ order: { id: string; total_money?: Money } }>(
        "POST",
        "/v2/orders",
        { json: { idempotency_key: key("order"), order: orderOf(invoice, locationId, customerId) } },
      );
      orderId = order.id;
      await save({ orderId });
      const squareTotal = order.total_money?.amount;
      if (squareTotal !== undefined && squareTotal !== invoice.totalMinor) {
        this.ctx.log.warn(
          { provider: "square", invoiceId: invoice.id, totalMinor: invoice.totalMinor, squareTotal },
          "Square computed a different order total",
        );
      }
    }
    let current: SquareInvoice | undefined;
    let invoiceId = progress.invoiceId;
    if (!invoiceId) {
      ({ invoice: current } = await this.request<{ invoice: SquareInvoice }>("POST", "/v2/invoices", {
        json: { idempotency_key: key("invoice"), invoice: draftOf(invoice, locationId, orderId, customerId) },
      }));
      if (!current.id) throw new ProviderError("unknown", "Square created the invoice without naming its id");
      invoiceId = current.id;
      await save({ invoiceId });
    }
    if (!progress.published) {
      current ??= await this.getInvoice(invoiceId);
      if (current.status === "DRAFT") {
        ({ invoice: current } = await this.request<{ invoice: SquareInvoice }>(
          "POST",
          `/v2/invoices/${encodeURIComponent(invoiceId)}/publish`,
          { json: { version: current.version ?? 0, idempotency_key: key("publish") } },
        ));
      }
      await save({ published: "1" });
    }
    current ??= await this.getInvoice(invoiceId);
    return { ...stateOf(current), externalId: invoiceId, externalCustomerId: customerId };
  }

  private async getInvoice(invoiceId: string): Promise<SquareInvoice> {
    const path = `/v2/invoices/${encodeURIComponent(invoiceId)}`;
    return (await this.request<{ invoice: SquareInvoice }>("GET", path)).invoice;
  }

  private async listLocations(): Promise<Location[]> {
    return (await this.request<{ locations?: Location[] }>("GET", "/v2/locations")).locations ?? [];
  }

  /** The first active location that bills in the invoice's currency (Square invoices take the location's). */
  private async invoicingLocation(currency: string): Promise<Location> {
    const active = (await this.listLocations()).filter((location) => location.status !== "INACTIVE");
    const location = active.find((candidate) => !candidate.currency || candidate.currency === currency);
    if (location) return location;
    const currencies = [...new Set(active.map((candidate) => candidate.currency))].join(", ");
    throw new ProviderError(
      "invalid_request",
      active.length
        ? `No active Square location bills in ${currency} (locations bill in ${currencies})`
        : "The Square account has no active location to invoice from",
    );
  }

  private async findOrCreateCustomer(invoice: InvoiceDocument, key: (step: string) => string) {
    const { customers = [] } = await this.request<{ customers?: { id: string }[] }>(
      "POST",
      "/v2/customers/search",
      { json: { query: { filter: { email_address: { exact: invoice.customer.email } } }, limit: 1 } },
    );
    const found = customers[0];
    if (found) return found.id;
    const { customer } = await this.request<{ customer: { id: string } }>("POST", "/v2/customers", {
      json: {
        idempotency_key: key("customer"),
        given_name: invoice.customer.name,
        email_address: invoice.customer.email,
        reference_id: invoice.customer.id,
      },
    });
    return customer.id;
  }
}

/**
 * The order behind the invoice. Square calculates tax itself, so amounts can drift from ours in two ways:
 * - a tax that covers several lines is computed on their sum and then apportioned, which can differ by a
 *   minor unit from rounding each line; so every taxed line gets its own LINE_ITEM-scoped tax;
 * - Square rounds half to even where we round half up: when a line's tax falls exactly on half a minor unit
 *   and the lower neighbour is even, Square's tax is one unit less. Those units are added back as one
 *   non-taxable "Tax rounding" service charge, so the order total equals the invoice total.
 * Catalog pricing rules are switched off so the seller's automatic taxes or discounts cannot apply.
 */
export function orderOf(invoice: InvoiceDocument, locationId: string, customerId: string) {
  const money = (amount: number) => ({ amount, currency: invoice.currency });
  const taxed = invoice.lines.filter((line) => line.taxRateBps > 0);
  const roundingUnits = taxed.reduce(
    (units, line) => units + Math.max(0, line.taxMinor - squareTaxMinor(line.netMinor, line.taxRateBps)),
    0,
  );
  return {
    location_id: locationId,
    customer_id: customerId,
    reference_id: invoice.number.slice(0, 40),
    metadata: { plugboard_invoice_id: invoice.id },
    pricing_options: { auto_apply_taxes: false, auto_apply_discounts: false },
    line_items: invoice.lines.map((line) => ({
      uid: `line-${line.position}`,
      name: line.description.slice(0, 512),
      quantity: String(line.quantity),
      base_price_money: money(line.unitAmountMinor),
      ...(line.taxRateBps > 0 ? { applied_taxes: [{ tax_uid: `tax-${line.position}` }] } : {}),
    })),
    ...(taxed.length
      ? {
          taxes: taxed.map((line) => ({
            uid: `tax-${line.position}`,
            name: `Tax ${bpsToPercentString(line.taxRateBps)}%`,
            percentage: bpsToPercentString(line.taxRateBps),
            type: "ADDITIVE",
            scope: "LINE_ITEM",
          })),
        }
      : {}),
    ...(roundingUnits
      ? {
          service_charges: [
            {
              uid: "tax-rounding",
              name: "Tax rounding",
              amount_money: money(roundingUnits),
              calculation_phase: "TOTAL_PHASE",
              taxable: false,
            },
          ],
        }
      : {}),
  };
}

/** A line's tax as Square rounds it: half to even, in integer arithmetic (bps × minor units / 10,000). */
export function squareTaxMinor(netMinor: number, taxRateBps: number): number {
  const numerator = netMinor * taxRateBps;
  const quotient = Math.floor(numerator / 10_000);
  const remainder = numerator - quotient * 10_000;
  if (remainder > 5_000 || (remainder === 5_000 && quotient % 2 !== 0)) return quotient + 1;
  return quotient;
}

function draftOf(invoice: InvoiceDocument, locationId: string, orderId: string, customerId: string) {
  return {
    location_id: locationId,
    order_id: orderId,
    primary_recipient: { customer_id: customerId },
    payment_requests: [{ request_type: "BALANCE", due_date: invoice.dueDate }],
    delivery_method: "EMAIL",
    invoice_number: invoice.number,
    sale_or_service_date: invoice.issueDate,
    ...(invoice.memo ? { description: invoice.memo.slice(0, 65_536) } : {}),
    accepted_payment_methods: {
      card: true,
      square_gift_card: false,
      bank_account: false,
      buy_now_pay_later: false,
      cash_app_pay: false,
    },
  };
}

/** Square statuses, normalised; refunds follow a payment and the sync keeps paid as final. */
const squareStatuses: Record<string, ExternalInvoiceStatus> = {
  DRAFT: "draft",
  UNPAID: "open",
  SCHEDULED: "open",
  PARTIALLY_PAID: "open",
  PAYMENT_PENDING: "open",
  PAID: "paid",
  PARTIALLY_REFUNDED: "paid",
  REFUNDED: "paid",
  CANCELED: "void",
  FAILED: "void",
};

/**
 * Square's invoice, normalised; `updated_at` orders it against other updates. The invoice carries no
 * payment time, so a paid invoice's last update stands for it.
 */
export function stateOf(invoice: SquareInvoice): ExternalInvoiceState {
  const status = squareStatuses[invoice.status ?? ""] ?? "open";
  const updatedAt = invoice.updated_at ? new Date(invoice.updated_at) : undefined;
  const asOf = updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : undefined;
  return {
    externalId: invoice.id ?? "",
    status,
    externalNumber: invoice.invoice_number,
    hostedUrl: invoice.public_url || undefined,
    paidAt: status === "paid" ? asOf : undefined,
    paymentMethod: status === "paid" ? "square" : undefined,
    asOf,
  };
}

/** Builds the Square gateway for one integration. */
export const squareGateway: GatewayFactory = (ctx) => new SquareGateway(ctx);
