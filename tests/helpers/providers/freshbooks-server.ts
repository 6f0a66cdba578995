import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/**
 * A FreshBooks stand-in that keeps state, following FreshBooks' documented API (freshbooks.com/api: identity
 * `GET /auth/api/v1/users/me`; accounting `/accounting/account/{accountId}/users/clients` and
 * `/invoices/invoices` with `search[...]` filters, `{"response": {"result": {...}}}` envelopes, money as
 * `{amount: "12.34", code}`, invoice `status` 1 draft / 2 sent / 4 paid / 8 partial, `vis_state` 1 deleted,
 * `PUT {"invoice": {"action_email": true, "email_recipients": [...]}}` to send, share links; times in
 * US/Eastern). Errors: `{"response": {"errors": [{errno, field, message, object, value}]}}`; a missing or
 * wrong Bearer token gets `{"error": "unauthenticated", "error_description": ...}` with 401. The HTTP status
 * FreshBooks uses for field validation is not documented; this answers 422.
 * Test hooks stand in for what happens in FreshBooks itself: a payment received, an invoice deleted.
 */
export type FreshBooksServer = LocalProviderServer & {
  clients: Map<number, FbRecord>;
  invoices: Map<number, FbRecord>;
  /** Recipients of the invoice emails FreshBooks sent. */
  emails: Array<{ invoiceId: number; recipients: string[] }>;
  receivePayment(invoiceId: number): void;
  deleteInvoice(invoiceId: number): void;
};

export type FbRecord = Record<string, unknown> & { id: number };

export async function startFreshBooksServer(options: {
  accountId: string;
  businessName: string;
  accessTokens: string[];
}): Promise<FreshBooksServer> {
  const clients = new Map<number, FbRecord>();
  const invoices = new Map<number, FbRecord>();
  const emails: FreshBooksServer["emails"] = [];
  let nextId = 5000;
  let clock = Date.parse("2026-11-02T14:00:00Z");
  /** "YYYY-MM-DD HH:MM:SS" in US/Eastern (November 2026: UTC−5), moving a minute per change. */
  const eastern = () => {
    clock += 60_000;
    return new Date(clock - 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
  };

  const accounting = (request: RecordedRequest, path: string): ProviderReply => {
    const body = parse(request.body);
    if (path === "/users/clients" && request.method === "GET") {
      const email = request.query.get("search[email]")?.toLowerCase();
      const found = [...clients.values()].filter(
        (client) => !email || String(client.email).toLowerCase() === email,
      );
      return list("clients", found);
    }
    if (path === "/users/clients" && request.method === "POST") {
      const client = (body.client ?? {}) as Record<string, unknown>;
      if (!["email", "fname", "lname", "organization"].some((field) => client[field]))
        return error(
          422,
          1001,
          "client",
          "organization",
          "A client needs a name, an organization or an email.",
        );
      if (client.email && !/^[^@\s]+@[^@\s]+$/.test(String(client.email)))
        return error(422, 1006, "client", "email", "Invalid email address.");
      const created: FbRecord = { ...client, id: nextId, userid: nextId++, vis_state: 0, updated: eastern() };
      clients.set(created.id, created);
      return result({ client: created });
    }
    if (path === "/invoices/invoices" && request.method === "GET") {
      const number = request.query.get("search[invoice_number]");
      const customerId = request.query.get("search[customerid]");
      const found = [...invoices.values()].filter(
        (invoice) =>
          invoice.vis_state === 0 &&
          (!number || invoice.invoice_number === number) &&
          (!customerId || String(invoice.customerid) === customerId),
      );
      return list("invoices", found);
    }
    if (path === "/invoices/invoices" && request.method === "POST") return createInvoice(body.invoice);
    const match = /^\/invoices\/invoices\/(\d+)(\/share_link)?$/.exec(path);
    const invoice = match?.[1] ? invoices.get(Number(match[1])) : undefined;
    if (!invoice) return error(404, 1012, "invoice", "invoiceid", "Invoice not found.");
    if (match?.[2] && request.method === "GET") {
      if (request.query.get("share_method") !== "share_link")
        return error(422, 1003, "share_link", "share_method", "Unsupported share method.");
      const link = `https://my.freshbooks.com/#/link/${options.accountId}-${invoice.id}?share_method=share_link`;
      return result({ share_link: { share_link: link, share_method: "share_link", resourceid: invoice.id } });
    }
    if (request.method === "GET") return result({ invoice });
    if (request.method === "PUT") {
      const update = (body.invoice ?? {}) as Record<string, unknown>;
      if (update.action_email === true) {
        const recipients = Array.isArray(update.email_recipients)
          ? update.email_recipients.map(String)
          : [String(clients.get(Number(invoice.customerid))?.email)];
        emails.push({ invoiceId: invoice.id, recipients });
        if (invoice.status === 1)
          Object.assign(invoice, { status: 2, v3_status: "sent", display_status: "sent" });
      }
      if (update.vis_state === 1) invoice.vis_state = 1;
      invoice.updated = eastern();
      return result({ invoice });
    }
    return error(405, 1000, "invoice", "", "Method not allowed.");
  };

  const createInvoice = (input: unknown): ProviderReply => {
    const invoice = (input ?? {}) as Record<string, unknown>;
    const client = clients.get(Number(invoice.customerid));
    if (!client) return error(422, 1012, "invoice", "customerid", "Client not found.");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(invoice.create_date)))
      return error(422, 1003, "invoice", "create_date", "Invalid date.");
    const currency = String(invoice.currency_code ?? "USD");
    const lines = Array.isArray(invoice.lines) ? (invoice.lines as Array<Record<string, unknown>>) : [];
    let totalCents = 0;
    for (const line of lines) {
      const unitCost = line.unit_cost as { amount?: string; code?: string } | undefined;
      const unitCents = centsOf(unitCost?.amount);
      if (unitCents === undefined || unitCost?.code !== currency)
        return error(422, 1003, "line", "unit_cost", "Invalid unit cost.");
      const net = unitCents * Number(line.qty ?? 1);
      const percent = Number(line.taxAmount1 ?? 0);
      // The line's tax, rounded half-up to the cent, as FreshBooks prints it.
      totalCents += net + Math.floor((net * Math.round(percent * 1000) + 50_000) / 100_000);
    }
    const amount = { amount: (totalCents / 100).toFixed(2), code: currency };
    const created: FbRecord = {
      ...invoice,
      lines: undefined,
      id: nextId,
      invoiceid: nextId++,
      accountid: options.accountId,
      invoice_number: invoice.invoice_number ?? String(invoices.size + 1).padStart(7, "0"),
      amount,
      outstanding: amount,
      paid: { amount: "0.00", code: currency },
      status: 1,
      v3_status: "draft",
      display_status: "draft",
      payment_status: "unpaid",
      vis_state: 0,
      date_paid: null,
      created_at: eastern(),
      updated: eastern(),
    };
    invoices.set(created.id, created);
    return result({ invoice: created });
  };

  const handle = (request: RecordedRequest): ProviderReply => {
    const token = bearerTokenOf(request);
    if (!token || !options.accessTokens.includes(token)) {
      return {
        status: 401,
        body: {
          error: "unauthenticated",
          error_description: "This action requires authentication to continue.",
        },
      };
    }
    if (request.method === "GET" && request.path === "/auth/api/v1/users/me") return me(options);
    const prefix = `/accounting/account/${options.accountId}`;
    if (!request.path.startsWith(`${prefix}/`))
      return error(404, 1012, "account", "accountid", "Account not found.");
    return accounting(request, request.path.slice(prefix.length));
  };

  const server = await startLocalProviderServer({
    handle,
    errorBody: (status) =>
      status === 429
        ? { error: "rate_limited", error_description: "Too many requests." }
        : { response: { errors: [{ errno: 0, message: "An unexpected error occurred." }] } },
  });
  const invoiceOf = (invoiceId: number) => {
    const invoice = invoices.get(invoiceId);
    if (!invoice) throw new Error(`no invoice ${invoiceId}`);
    return invoice;
  };
  return {
    ...server,
    clients,
    invoices,
    emails,
    receivePayment(invoiceId) {
      const invoice = invoiceOf(invoiceId);
      Object.assign(invoice, {
        status: 4,
        v3_status: "paid",
        payment_status: "paid",
        paid: invoice.amount,
        outstanding: { amount: "0.00", code: (invoice.amount as { code: string }).code },
        date_paid: "2026-11-05",
        updated: eastern(),
      });
    },
    deleteInvoice(invoiceId) {
      Object.assign(invoiceOf(invoiceId), { vis_state: 1, updated: eastern() });
    },
  };
}

function me(options: { accountId: string; businessName: string }): ProviderReply {
  return {
    status: 200,
    body: {
      response: {
        id: 2192788,
        first_name: "Johnny",
        last_name: "Appleseed",
        email: "owner@example.com",
        business_memberships: [
          {
            id: 6765686,
            role: "owner",
            business: { id: 2122866, name: options.businessName, account_id: options.accountId },
          },
        ],
      },
    },
  };
}

const result = (value: Record<string, unknown>): ProviderReply => ({
  status: 200,
  body: { response: { result: value } },
});

const list = (name: string, items: FbRecord[]) =>
  result({ [name]: items, page: 1, pages: items.length ? 1 : 0, per_page: 15, total: items.length });

function error(status: number, errno: number, object: string, field: string, message: string): ProviderReply {
  return { status, body: { response: { errors: [{ errno, field, message, object, value: "" }] } } };
}

/** Cents of a decimal string with at most two decimals ("12.34" → 1234). */
function centsOf(amount: string | undefined): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount ?? "");
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : undefined;
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}") as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
