import { CurrencyCode, type Invoice } from "xero-node";
import { minorToDecimalString } from "@/lib/money";
import { ProviderError } from "../errors";
import type { ExternalInvoiceState, ExternalInvoiceStatus } from "../invoicing";

// What the Xero gateway translates: Xero's invoices, currencies, dates and error bodies into ours,
// and the retry and timeout rules its SDK calls follow.

const xeroStatuses: Record<string, ExternalInvoiceStatus> = {
  DRAFT: "draft",
  SUBMITTED: "draft",
  AUTHORISED: "open",
  PAID: "paid",
  VOIDED: "void",
  DELETED: "void",
};

/** Xero's invoice, normalised; its UpdatedDateUTC orders it against other updates. */
export function stateOf(invoice: Invoice): ExternalInvoiceState {
  const status = xeroStatuses[String(invoice.status)] ?? "open";
  const payment = invoice.payments?.find((candidate) => candidate.paymentID);
  return {
    externalId: invoice.invoiceID ?? "",
    status,
    externalNumber: invoice.invoiceNumber ?? undefined,
    paidAt: status === "paid" ? dateOf(invoice.fullyPaidOnDate) : undefined,
    paymentMethod: status === "paid" ? "xero" : undefined,
    transactionId: status === "paid" ? payment?.paymentID : undefined,
    asOf: dateOf(invoice.updatedDateUTC),
  };
}

/** xero-node's currency enum member for an ISO code (its enums are not string-typed). */
export function xeroCurrencyOf(currency: string): CurrencyCode {
  const code = CurrencyCode[currency.toUpperCase() as keyof typeof CurrencyCode];
  if (code === undefined)
    throw new ProviderError("invalid_request", `Xero does not support the currency ${currency}`);
  return code;
}

/** A Date from what xero-node hands back: a Date, an ISO string, or Xero's `/Date(1518685950940+0000)/`. */
export function dateOf(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== "string" || !value) return undefined;
  const msDate = /^\/Date\((-?\d+)/.exec(value);
  const date = msDate?.[1] ? new Date(Number(msDate[1])) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Exact decimal for the SDK's number fields: "12.34" parses to the double that serialises back as 12.34. */
export const decimalNumber = (minor: number, currency: string) =>
  Number(minorToDecimalString(minor, currency));

export function xeroMessageOf(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 300) || undefined;
  const record = recordOf(body);
  if (!record) return undefined;
  const elements = Array.isArray(record.Elements) ? record.Elements : [];
  const validation = elements
    .flatMap((element) => {
      const errors = recordOf(element)?.ValidationErrors;
      return Array.isArray(errors) ? errors : [];
    })
    .map((error) => stringOf(recordOf(error)?.Message))
    .filter((message): message is string => Boolean(message));
  const type = stringOf(record.Type);
  if (validation.length) return `${type ?? "ValidationException"}: ${[...new Set(validation)].join("; ")}`;
  const message = stringOf(record.Message) ?? stringOf(record.Detail);
  const title = stringOf(record.Title) ?? type;
  if (message && title) return `${title}: ${message}`;
  return message ?? title;
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError("unavailable", "timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const recordOf = (value: unknown) =>
  value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
export const stringOf = (value: unknown) => (typeof value === "string" && value ? value : undefined);
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
