import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/**
 * A QuickBooks Online stand-in that keeps state, following Intuit's documented accounting API
 * (developer.intuit.com, QBO v3: Customer, Invoice, query, send; the RequestID guide): `/v3/company/{realmId}`,
 * JSON with `Accept: application/json`, a `minorversion` query parameter, Bearer tokens, and
 * - `requestid`: a repeated requestid gets the first response again and changes nothing,
 * - amounts: `Line.Amount` must equal `Qty × UnitPrice`; `TotalAmt` = lines + `TxnTaxDetail.TotalTax`,
 * - `DocNumber` at most 21 characters, `DisplayName` unique (fault 6240), `PrimaryEmailAddr` queryable,
 * - faults as `{Fault: {Error: [{Message, Detail, code}], type}, time}` (lower-case keys on 401).
 * Test hooks stand in for what happens in QuickBooks itself: a payment received, an invoice voided.
 */
export type QuickBooksServer = LocalProviderServer & {
  customers: Map<string, QboRecord>;
  invoices: Map<string, QboRecord>;
  /** Recipients of the invoice emails QuickBooks sent. */
  emails: Array<{ invoiceId: string; sendTo: string }>;
  receivePayment(invoiceId: string): void;
  voidInvoice(invoiceId: string): void;
};

export type QboRecord = Record<string, unknown> & { Id: string };

export async function startQuickBooksServer(options: {
  realmId: string;
  companyName: string;
  accessTokens: string[];
}): Promise<QuickBooksServer> {
  const customers = new Map<string, QboRecord>();
  const invoices = new Map<string, QboRecord>();
  const emails: QuickBooksServer["emails"] = [];
  const replies = new Map<string, ProviderReply>();
  let nextId = 100;
  let clock = Date.parse("2026-11-02T09:00:00Z");
  const metaData = () => {
    clock += 60_000;
    const time = new Date(clock).toISOString().replace(/\.\d{3}Z$/, "-08:00");
    return { CreateTime: time, LastUpdatedTime: time };
  };
  const touch = (record: QboRecord) => {
    const { LastUpdatedTime } = metaData();
    record.MetaData = { ...(record.MetaData as object), LastUpdatedTime };
    record.SyncToken = String(Number(record.SyncToken ?? 0) + 1);
  };

  const routes = (request: RecordedRequest, path: string): ProviderReply => {
    const body = parse(request.body);
    if (request.method === "GET" && path === `/companyinfo/${options.realmId}`) {
      return ok({ CompanyInfo: { Id: options.realmId, CompanyName: options.companyName, Country: "US" } });
    }
    if (request.method === "GET" && path === "/query") return query(request.query.get("query") ?? "");
    if (request.method === "POST" && path === "/customer") return createCustomer(body);
    if (request.method === "POST" && path === "/invoice") return createInvoice(body);
    const invoiceMatch = /^\/invoice\/(\w+)(\/send)?$/.exec(path);
    const invoice = invoiceMatch?.[1] ? invoices.get(invoiceMatch[1]) : undefined;
    if (invoiceMatch && !invoice) return fault(400, "ValidationFault", "Object Not Found", "610");
    if (invoice && request.method === "GET" && !invoiceMatch?.[2]) {
      const withLink = request.query.get("include") === "invoiceLink";
      return ok({ Invoice: withLink ? invoice : { ...invoice, InvoiceLink: undefined } });
    }
    if (invoice && request.method === "POST" && invoiceMatch?.[2]) {
      if (request.headers["content-type"] !== "application/octet-stream")
        return fault(415, "ValidationFault", "Unsupported Media Type", "-1");
      const sendTo =
        request.query.get("sendTo") ?? String((invoice.BillEmail as { Address?: string })?.Address);
      emails.push({ invoiceId: invoice.Id, sendTo });
      invoice.EmailStatus = "EmailSent";
      invoice.DeliveryInfo = { DeliveryType: "Email", DeliveryTime: new Date(clock).toISOString() };
      touch(invoice);
      return ok({ Invoice: invoice });
    }
    return fault(400, "ValidationFault", "Unsupported Operation", "500", `${request.method} ${path}`);
  };

  const query = (text: string): ProviderReply => {
    const match = /^select \* from Customer where PrimaryEmailAddr = '((?:[^'\\]|\\.)*)'$/i.exec(text.trim());
    if (!match)
      return fault(400, "ValidationFault", "QueryParserError: Encountered unsupported query", "4000");
    const email = (match[1] ?? "").replace(/\\(.)/g, "$1").toLowerCase();
    const found = [...customers.values()].filter(
      (customer) => (customer.PrimaryEmailAddr as { Address?: string })?.Address?.toLowerCase() === email,
    );
    return ok({
      QueryResponse: found.length ? { Customer: found, startPosition: 1, maxResults: found.length } : {},
    });
  };

  const createCustomer = (body: Record<string, unknown>): ProviderReply => {
    const displayName = typeof body.DisplayName === "string" ? body.DisplayName.trim() : "";
    if (!displayName) return fault(400, "ValidationFault", "Required param missing", "2020", "DisplayName");
    if ([...customers.values()].some((customer) => customer.DisplayName === displayName)) {
      return fault(
        400,
        "ValidationFault",
        "Duplicate Name Exists Error",
        "6240",
        `The name supplied already exists. : ${displayName}`,
      );
    }
    const customer: QboRecord = {
      ...body,
      Id: String(nextId++),
      SyncToken: "0",
      Active: true,
      Balance: 0,
      MetaData: metaData(),
    };
    customers.set(customer.Id, customer);
    return ok({ Customer: customer });
  };

  const createInvoice = (body: Record<string, unknown>): ProviderReply => {
    const customerId = (body.CustomerRef as { value?: string } | undefined)?.value;
    if (!customerId || !customers.has(customerId))
      return fault(400, "ValidationFault", "Invalid Reference Id", "2500", "Invalid Customer");
    const docNumber = body.DocNumber;
    if (typeof docNumber === "string" && docNumber.length > 21) {
      return fault(
        400,
        "ValidationFault",
        "String length is either shorter or longer than supported by specification",
        "6000",
        `DocNumber: ${docNumber} has a length of ${docNumber.length}; the maximum is 21`,
      );
    }
    const lines = Array.isArray(body.Line) ? (body.Line as Array<Record<string, unknown>>) : [];
    if (!lines.length) return fault(400, "ValidationFault", "Required param missing", "2020", "Line");
    let netCents = 0;
    for (const line of lines) {
      const detail = line.SalesItemLineDetail as { Qty?: number; UnitPrice?: number } | undefined;
      const amount = cents(line.Amount);
      const unitPrice = cents(detail?.UnitPrice);
      const qty = detail?.Qty ?? 1;
      if (amount === undefined || unitPrice === undefined)
        return fault(400, "ValidationFault", "Amount has more than two decimal places", "6070");
      if (amount !== unitPrice * qty)
        return fault(
          400,
          "ValidationFault",
          "Amount is not equal to UnitPrice * Qty",
          "6070",
          `Supplied value:${line.Amount}`,
        );
      netCents += amount;
    }
    const taxCents = cents((body.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax ?? 0);
    if (taxCents === undefined)
      return fault(400, "ValidationFault", "TotalTax has more than two decimal places", "6070");
    const id = String(nextId++);
    const total = (netCents + taxCents) / 100;
    const invoice: QboRecord = {
      ...body,
      Id: id,
      SyncToken: "0",
      DocNumber: typeof docNumber === "string" ? docNumber : String(1000 + nextId),
      TotalAmt: total,
      Balance: total,
      EmailStatus: "NotSet",
      InvoiceLink: `https://app.qbo.intuit.com/app/customer/public/invoice?token=${options.realmId}-${id}`,
      MetaData: metaData(),
    };
    invoices.set(id, invoice);
    return ok({ Invoice: invoice });
  };

  const handle = (request: RecordedRequest): ProviderReply => {
    const token = bearerTokenOf(request);
    if (!token || !options.accessTokens.includes(token)) return unauthorized;
    const prefix = `/v3/company/${options.realmId}`;
    if (!request.path.startsWith(`${prefix}/`))
      return fault(403, "AuthorizationFault", "ApplicationAuthorizationFailed", "003100");
    if (!request.headers.accept?.includes("application/json"))
      return fault(400, "ValidationFault", "This server answers XML unless Accept: application/json", "-1");
    if (Number(request.query.get("minorversion")) < 75)
      return fault(400, "ValidationFault", "Minor version 75 or later is required", "-1");
    const requestId = request.query.get("requestid");
    const cacheKey = requestId ? `${options.realmId}:${requestId}` : undefined;
    const replayed = cacheKey ? replies.get(cacheKey) : undefined;
    if (replayed) return replayed;
    const reply = routes(request, request.path.slice(prefix.length));
    if (cacheKey && request.method === "POST") replies.set(cacheKey, structuredClone(reply));
    return reply;
  };

  const server = await startLocalProviderServer({
    handle,
    errorBody: (status) =>
      status === 429
        ? faultBody(
            "SERVICE",
            "message=ThrottleExceeded; errorCode=003001; statusCode=429",
            "3001",
            "The request limit was reached.",
          )
        : faultBody(
            "SystemFault",
            "An application error has occurred while processing your request",
            "10000",
          ),
  });
  return {
    ...server,
    customers,
    invoices,
    emails,
    receivePayment(invoiceId) {
      const invoice = invoices.get(invoiceId);
      if (!invoice) throw new Error(`no invoice ${invoiceId}`);
      invoice.Balance = 0;
      invoice.LinkedTxn = [{ TxnId: String(nextId++), TxnType: "Payment" }];
      touch(invoice);
    },
    voidInvoice(invoiceId) {
      const invoice = invoices.get(invoiceId);
      if (!invoice) throw new Error(`no invoice ${invoiceId}`);
      Object.assign(invoice, { TotalAmt: 0, Balance: 0, PrivateNote: "Voided" });
      touch(invoice);
    },
  };
}

const unauthorized: ProviderReply = {
  status: 401,
  body: {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
          detail: "Token expired: the access token is not valid",
          code: "3200",
        },
      ],
      type: "AUTHENTICATION",
    },
    time: new Date().toISOString(),
  },
};

function faultBody(type: string, message: string, code: string, detail?: string) {
  return {
    Fault: { Error: [{ Message: message, Detail: detail ?? message, code, element: "" }], type },
    time: new Date().toISOString(),
  };
}

function fault(status: number, type: string, message: string, code: string, detail?: string): ProviderReply {
  return { status, body: faultBody(type, message, code, detail) };
}

const ok = (body: Record<string, unknown>): ProviderReply => ({
  status: 200,
  body: { ...body, time: new Date().toISOString() },
});

/** Whole cents of a JSON amount, or undefined when it has more than two decimals. */
function cents(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const scaled = Math.round(value * 100);
  return Math.abs(scaled - value * 100) < 1e-6 ? scaled : undefined;
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}") as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
