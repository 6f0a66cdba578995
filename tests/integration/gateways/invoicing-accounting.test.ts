import { describe, expect, it } from "vitest";
import { decimalToMinor, invoiceTotals, lineNetMinor, lineTaxMinor } from "@/lib/money";
import type { GatewayContext } from "@/server/providers/gateways/base";
import { freshbooksGateway } from "@/server/providers/gateways/freshbooks";
import { quickbooksGateway, requestIdOf } from "@/server/providers/gateways/quickbooks";
import { xeroGateway } from "@/server/providers/gateways/xero";
import { type InvoiceDocument, idempotencyKeyFor, type SendInvoiceInput } from "@/server/providers/invoicing";
import { gatewayContext } from "../../helpers/gateway-context";
import { startFreshBooksServer } from "../../helpers/providers/freshbooks-server";
import { rejectionOf, useProviderServer } from "../../helpers/providers/gateway-cases";
import type { RecordedRequest } from "../../helpers/providers/local-server";
import { startQuickBooksServer } from "../../helpers/providers/quickbooks-server";
import { xeroOrganisations } from "../../helpers/providers/xero-connections-server";
import { xeroPrismInBackground, xeroValidationError } from "../../helpers/providers/xero-prism";

const accessToken = "test-access-token";

// Prism needs a few seconds to load Xero's spec; it starts now and the other providers' cases run meanwhile.
const xeroPrism = xeroPrismInBackground({ accessTokens: [accessToken] });

/** A gateway context for an OAuth integration: a fixed access token and the connected account. */
async function oauthContext(
  providerId: string,
  apiBase: string,
  account: GatewayContext["account"],
  token = accessToken,
): Promise<GatewayContext> {
  const ctx = await gatewayContext(providerId, apiBase, {});
  return { ...ctx, account, withAccessToken: (use) => use(token) };
}

type Line = { description: string; quantity: number; unitAmountMinor: number; taxRateBps: number };

/** Our invoice as the sync engine hands it over; net, tax and totals come from lib/money. */
function invoiceDocument(
  options: { number?: string; email?: string; name?: string; lines?: Line[]; currency?: string } = {},
): InvoiceDocument {
  const lines = options.lines ?? [
    { description: "Consulting hours", quantity: 3, unitAmountMinor: 1234, taxRateBps: 2000 },
  ];
  return {
    id: "6f1d8c1e-5a43-4f4e-9a38-0f7a0c6c1d01",
    number: options.number ?? "INV-1001",
    currency: options.currency ?? "GBP",
    issueDate: "2026-11-02",
    dueDate: "2026-12-02",
    memo: "Thank you for your business",
    ...invoiceTotals(lines),
    lines: lines.map((line, index) => ({
      ...line,
      position: index + 1,
      netMinor: lineNetMinor(line),
      taxMinor: lineTaxMinor(line),
    })),
    customer: {
      id: "c7b0a6a2-3f0e-4c55-8f1c-2f4f0b9e2a11",
      name: options.name ?? "Ada Lovelace",
      email: options.email ?? "ada@example.com",
      billingAddress: null,
      externalId: null,
    },
  };
}

/** Checkpoints as the sync engine keeps them: every save replaces the stored progress. */
function progress(initial: Record<string, string> = {}) {
  const saved: Record<string, string>[] = [];
  return {
    saved,
    input(invoice: InvoiceDocument, idempotencyKey: string): SendInvoiceInput {
      return {
        invoice,
        idempotencyKey,
        checkpoint: saved.at(-1) ?? initial,
        saveCheckpoint: async (checkpoint) => {
          saved.push(checkpoint);
        },
      };
    },
  };
}

const jsonOf = (request: RecordedRequest | undefined) => JSON.parse(request?.body || "null") as unknown;
const since = <T>(list: T[], before: number) => list.slice(before);
const routeOf = (request: RecordedRequest) => `${request.method} ${request.path}`;

describe("QuickBooks Online gateway against a stateful stand-in for Intuit's accounting API", () => {
  const realmId = "9341453215812345";
  const server = useProviderServer(() =>
    startQuickBooksServer({ realmId, companyName: "Acme Field Services", accessTokens: [accessToken] }),
  );
  const account = { externalAccountId: realmId, metadata: { realmId } };
  const gateway = async (token = accessToken) =>
    quickbooksGateway(await oauthContext("quickbooks", server().url, account, token));
  const send = async (invoice: InvoiceDocument, syncKey: string, steps = progress()) => {
    const result = await (await gateway()).invoicing?.sendInvoice(steps.input(invoice, syncKey));
    if (!result) throw new Error("QuickBooks has no invoicing gateway");
    return result;
  };
  const company = `/v3/company/${realmId}`;

  it("proves the token and realm with CompanyInfo", async () => {
    await expect((await gateway()).validateCredentials()).resolves.toEqual({
      accountId: realmId,
      accountName: "Acme Field Services",
    });
    expect(server().requests.at(-1)?.path).toBe(`${company}/companyinfo/${realmId}`);
  });

  it("creates the customer and an invoice whose total matches ours to the cent, then emails it", async () => {
    const before = server().requests.length;
    const invoice = invoiceDocument();
    const steps = progress();
    const result = await send(invoice, "sync-qbo-1", steps);

    const sent = since(server().requests, before);
    expect(sent.map(routeOf)).toEqual([
      `GET ${company}/query`,
      `POST ${company}/customer`,
      `POST ${company}/invoice`,
      `POST ${company}/invoice/${result.externalId}/send`,
      `GET ${company}/invoice/${result.externalId}`,
    ]);
    for (const request of sent) {
      expect(request.query.get("minorversion")).toBe("75");
      expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
    }
    expect(sent[0]?.query.get("query")).toBe(
      "select * from Customer where PrimaryEmailAddr = 'ada@example.com'",
    );
    expect(sent.map((request) => request.query.get("requestid"))).toEqual([
      null,
      requestIdOf(idempotencyKeyFor("sync-qbo-1", "customer")),
      requestIdOf(idempotencyKeyFor("sync-qbo-1", "invoice")),
      requestIdOf(idempotencyKeyFor("sync-qbo-1", "send")),
      null,
    ]);
    expect(sent[3]?.query.get("sendTo")).toBe("ada@example.com");
    expect(sent[4]?.query.get("include")).toBe("invoiceLink");
    expect(jsonOf(sent[2])).toMatchObject({
      DocNumber: "INV-1001",
      TxnDate: "2026-11-02",
      DueDate: "2026-12-02",
      CurrencyRef: { value: "GBP" },
      BillEmail: { Address: "ada@example.com" },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 37.02,
          Description: "Consulting hours",
          SalesItemLineDetail: { Qty: 3, UnitPrice: 12.34 },
        },
      ],
      TxnTaxDetail: { TotalTax: 7.4 },
    });

    const stored = server().invoices.get(result.externalId);
    expect(decimalToMinor(stored?.TotalAmt as number, "GBP")).toBe(invoice.totalMinor);
    expect(invoice.totalMinor).toBe(4442); // 3 × 12.34 = 37.02, 20 % tax = 7.404 → 7.40
    expect([...server().customers.values()]).toMatchObject([
      { DisplayName: "Ada Lovelace", PrimaryEmailAddr: { Address: "ada@example.com" } },
    ]);
    expect(server().emails).toEqual([{ invoiceId: result.externalId, sendTo: "ada@example.com" }]);
    expect(result).toMatchObject({
      status: "open",
      externalNumber: "INV-1001",
      hostedUrl: expect.stringContaining("app.qbo.intuit.com"),
      externalCustomerId: [...server().customers.keys()][0],
    });
    expect(result.asOf).toBeInstanceOf(Date);
    expect(steps.saved.at(-1)).toEqual({
      customerId: result.externalCustomerId,
      invoiceId: result.externalId,
      sent: "1",
    });
  });

  it("finds the customer by email the next time", async () => {
    const customersBefore = server().customers.size;
    const result = await send(invoiceDocument({ number: "INV-1002" }), "sync-qbo-2");
    expect(server().customers.size).toBe(customersBefore);
    expect(result.externalCustomerId).toBe([...server().customers.keys()][0]);
  });

  it("never creates a second invoice or email for one sync: requestid replays, the checkpoint resumes", async () => {
    const invoice = invoiceDocument({
      number: "INV-1003",
      email: "o'brien@example.com",
      name: "Pat O'Brien",
    });
    const invoicesBefore = server().invoices.size;
    const first = await send(invoice, "sync-qbo-3");
    // The worker crashed before storing the checkpoint: the same creates go out again with the same requestids.
    const crashed = await send(invoice, "sync-qbo-3");
    // A retry with the stored checkpoint only reads.
    const steps = progress({
      customerId: first.externalCustomerId ?? "",
      invoiceId: first.externalId,
      sent: "1",
    });
    const before = server().requests.length;
    const resumed = await send(invoice, "sync-qbo-3", steps);
    expect(since(server().requests, before).map(routeOf)).toEqual([
      `GET ${company}/invoice/${first.externalId}`,
    ]);
    expect(crashed.externalId).toBe(first.externalId);
    expect(resumed.externalId).toBe(first.externalId);
    expect(server().invoices.size).toBe(invoicesBefore + 1);
    expect(server().emails.filter((email) => email.invoiceId === first.externalId)).toHaveLength(1);
    // The quote in the address is escaped for QuickBooks' query language, so the retry found the customer.
    const queries = server()
      .requests.filter((request) => request.path.endsWith("/query"))
      .map((request) => request.query.get("query"));
    expect(queries).toContain("select * from Customer where PrimaryEmailAddr = 'o\\'brien@example.com'");
    const customers = [...server().customers.values()].filter(
      (customer) => (customer.PrimaryEmailAddr as { Address: string }).Address === "o'brien@example.com",
    );
    expect(customers).toHaveLength(1);
    const invoiceCreates = server().requests.filter(
      (request) => request.method === "POST" && request.path === `${company}/invoice`,
    );
    expect(invoiceCreates.slice(-2).map((request) => request.query.get("requestid"))).toEqual([
      requestIdOf(idempotencyKeyFor("sync-qbo-3", "invoice")),
      requestIdOf(idempotencyKeyFor("sync-qbo-3", "invoice")),
    ]);
  });

  it("qualifies the display name by email when another customer has the name", async () => {
    const result = await send(
      invoiceDocument({ number: "INV-1004", email: "ada@elsewhere.example" }),
      "sync-qbo-4",
    );
    expect(server().customers.get(result.externalCustomerId ?? "")).toMatchObject({
      DisplayName: "Ada Lovelace (ada@elsewhere.example)",
    });
  });

  it("reads paid, void and open from the balance, with LastUpdatedTime as the time of the state", async () => {
    const invoice = await send(invoiceDocument({ number: "INV-1005" }), "sync-qbo-5");
    const status = async () =>
      (await gateway()).invoicing?.fetchInvoiceStatus({ externalId: invoice.externalId, currency: "GBP" });
    await expect(status()).resolves.toMatchObject({ status: "open" });
    server().receivePayment(invoice.externalId);
    const paid = await status();
    expect(paid).toMatchObject({
      status: "paid",
      paymentMethod: "quickbooks",
      transactionId: expect.any(String),
    });
    expect(paid?.asOf?.getTime()).toBeGreaterThan(invoice.asOf?.getTime() ?? Number.POSITIVE_INFINITY);

    const other = await send(invoiceDocument({ number: "INV-1006" }), "sync-qbo-6");
    server().voidInvoice(other.externalId);
    await expect(
      (await gateway()).invoicing?.fetchInvoiceStatus({ externalId: other.externalId, currency: "GBP" }),
    ).resolves.toMatchObject({ status: "void" });
  });

  it("reports a rejected access token as an auth error", async () => {
    const error = await rejectionOf((await gateway("expired-token")).validateCredentials());
    expect(error).toMatchObject({ type: "auth", status: 401 });
    expect(error.message).toContain("AUTHENTICATION: message=AuthenticationFailed");
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    const before = server().requests.length;
    server().failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    await expect((await gateway()).validateCredentials()).resolves.toMatchObject({ accountId: realmId });
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(server().requests.length - before).toBe(2);
  });

  it("reports a validation fault readably, does not retry it and stores no invoice", async () => {
    const steps = progress();
    const invoicesBefore = server().invoices.size;
    const error = await rejectionOf(
      (await gateway()).invoicing?.sendInvoice(
        steps.input(invoiceDocument({ number: "INV-2026-000000000000001" }), "sync-qbo-7"),
      ) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({ type: "invalid_request", retryable: false, status: 400 });
    expect(error.message).toBe(
      "ValidationFault: String length is either shorter or longer than supported by specification – DocNumber: INV-2026-000000000000001 has a length of 24; the maximum is 21 (6000)",
    );
    expect(
      server().requests.filter(
        (request) =>
          request.query.get("requestid") === requestIdOf(idempotencyKeyFor("sync-qbo-7", "invoice")),
      ),
    ).toHaveLength(1);
    expect(server().invoices.size).toBe(invoicesBefore);
    expect(steps.saved).toEqual([]);
  });
});

describe("FreshBooks gateway against a stateful stand-in for FreshBooks' accounting API", () => {
  const accountId = "xZNQ1X";
  const server = useProviderServer(() =>
    startFreshBooksServer({ accountId, businessName: "Fruity Loops", accessTokens: [accessToken] }),
  );
  // Connected before the account id was known: the gateway discovers it from users/me.
  const gateway = async (token = accessToken, externalAccountId: string | null = null) =>
    freshbooksGateway(
      await oauthContext("freshbooks", server().url, { externalAccountId, metadata: {} }, token),
    );
  const send = async (invoice: InvoiceDocument, syncKey: string, steps = progress()) => {
    const result = await (await gateway()).invoicing?.sendInvoice(steps.input(invoice, syncKey));
    if (!result) throw new Error("FreshBooks has no invoicing gateway");
    return result;
  };
  const accounting = `/accounting/account/${accountId}`;

  it("names the business from users/me", async () => {
    await expect((await gateway()).validateCredentials()).resolves.toEqual({
      accountId,
      accountName: "Fruity Loops",
    });
    expect(server().requests.at(-1)?.path).toBe("/auth/api/v1/users/me");
    const other = await rejectionOf((await gateway(accessToken, "3xQ74o")).validateCredentials());
    expect(other.type).toBe("auth");
  });

  it("creates the client and an invoice whose total matches ours to the cent, then emails it", async () => {
    const before = server().requests.length;
    const invoice = invoiceDocument();
    const steps = progress();
    const result = await send(invoice, "sync-fb-1", steps);

    const sent = since(server().requests, before);
    expect(sent.map(routeOf)).toEqual([
      "GET /auth/api/v1/users/me",
      `GET ${accounting}/users/clients`,
      `POST ${accounting}/users/clients`,
      `GET ${accounting}/invoices/invoices`,
      `POST ${accounting}/invoices/invoices`,
      `GET ${accounting}/invoices/invoices/${result.externalId}`,
      `PUT ${accounting}/invoices/invoices/${result.externalId}`,
      `GET ${accounting}/invoices/invoices/${result.externalId}/share_link`,
    ]);
    for (const request of sent) expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(sent[1]?.query.get("search[email]")).toBe("ada@example.com");
    expect(sent[3]?.query.get("search[invoice_number]")).toBe("INV-1001");
    expect(jsonOf(sent[2])).toEqual({ client: { email: "ada@example.com", organization: "Ada Lovelace" } });
    expect(jsonOf(sent[4])).toEqual({
      invoice: {
        customerid: Number(result.externalCustomerId),
        invoice_number: "INV-1001",
        create_date: "2026-11-02",
        due_offset_days: 30,
        currency_code: "GBP",
        notes: "Thank you for your business",
        lines: [
          {
            type: 0,
            name: "Consulting hours",
            qty: 3,
            unit_cost: { amount: "12.34", code: "GBP" },
            taxName1: "Tax",
            taxAmount1: "20",
          },
        ],
      },
    });
    expect(jsonOf(sent[6])).toEqual({
      invoice: { action_email: true, email_recipients: ["ada@example.com"] },
    });

    const stored = server().invoices.get(Number(result.externalId));
    const storedAmount = stored?.amount as { amount: string } | undefined;
    expect(decimalToMinor(storedAmount?.amount ?? "", "GBP")).toBe(invoice.totalMinor);
    expect(server().emails).toEqual([
      { invoiceId: Number(result.externalId), recipients: ["ada@example.com"] },
    ]);
    expect(result).toMatchObject({
      status: "open",
      externalNumber: "INV-1001",
      hostedUrl: expect.stringContaining("share_method=share_link"),
    });
    expect(steps.saved.at(-1)).toEqual({
      clientId: result.externalCustomerId,
      invoiceId: result.externalId,
      sent: "1",
    });
  });

  it("never creates a second invoice or email for one sync: it finds its invoice by number, or resumes", async () => {
    const invoice = invoiceDocument({ number: "INV-1002" });
    const invoicesBefore = server().invoices.size;
    const first = await send(invoice, "sync-fb-2");
    // The worker crashed before storing the checkpoint: FreshBooks has no idempotency keys, so the retry
    // finds the client by email and the invoice by our number, and does not email an invoice already sent.
    const crashed = await send(invoice, "sync-fb-2");
    const before = server().requests.length;
    const resumed = await send(
      invoice,
      "sync-fb-2",
      progress({ clientId: first.externalCustomerId ?? "", invoiceId: first.externalId, sent: "1" }),
    );
    expect(since(server().requests, before).map(routeOf)).toEqual([
      "GET /auth/api/v1/users/me",
      `GET ${accounting}/invoices/invoices/${first.externalId}`,
      `GET ${accounting}/invoices/invoices/${first.externalId}/share_link`,
    ]);
    expect([crashed.externalId, resumed.externalId]).toEqual([first.externalId, first.externalId]);
    expect(server().invoices.size).toBe(invoicesBefore + 1);
    expect(server().clients.size).toBe(1);
    expect(server().emails.filter((email) => email.invoiceId === Number(first.externalId))).toHaveLength(1);
  });

  it("maps paid, deleted and draft, with `updated` (US/Eastern) as the time of the state", async () => {
    const sent = await send(invoiceDocument({ number: "INV-1003" }), "sync-fb-3");
    const status = async () =>
      (await gateway(accessToken, accountId)).invoicing?.fetchInvoiceStatus({
        externalId: sent.externalId,
        currency: "GBP",
      });
    server().receivePayment(Number(sent.externalId));
    const updated = String(server().invoices.get(Number(sent.externalId))?.updated);
    await expect(status()).resolves.toMatchObject({
      status: "paid",
      paidAt: new Date("2026-11-05T00:00:00Z"),
      paymentMethod: "freshbooks",
      asOf: new Date(`${updated.replace(" ", "T")}-05:00`),
    });
    server().deleteInvoice(Number(sent.externalId));
    await expect(status()).resolves.toMatchObject({ status: "void" });

    const draft = server().invoices.get(Number(sent.externalId));
    Object.assign(draft ?? {}, { vis_state: 0, status: 1, v3_status: "draft", payment_status: "unpaid" });
    await expect(status()).resolves.toMatchObject({ status: "draft" });
  });

  it("reports a rejected access token as an auth error", async () => {
    const error = await rejectionOf((await gateway("expired-token")).validateCredentials());
    expect(error).toMatchObject({
      type: "auth",
      status: 401,
      message: "This action requires authentication to continue.",
    });
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    const before = server().requests.length;
    server().failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    await expect((await gateway()).validateCredentials()).resolves.toMatchObject({ accountId });
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(server().requests.length - before).toBe(2);
  });

  it("reports a validation error readably and does not retry it", async () => {
    const before = server().requests.length;
    const error = await rejectionOf(
      (await gateway(accessToken, accountId)).invoicing?.sendInvoice(
        progress().input(invoiceDocument({ email: "not-an-email", number: "INV-1004" }), "sync-fb-4"),
      ) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({
      type: "invalid_request",
      retryable: false,
      status: 422,
      message: "Invalid email address. (email)",
    });
    expect(since(server().requests, before).filter((request) => request.method === "POST")).toHaveLength(1);
  });
});

describe("Xero gateway (xero-node) against Prism serving Xero's accounting OpenAPI spec", () => {
  const tenantId = xeroOrganisations[0]?.tenantId ?? "";
  const account = { externalAccountId: tenantId, metadata: {} };
  const gateway = async (token = accessToken) =>
    xeroGateway(await oauthContext("xero", (await xeroPrism()).url, account, token));
  // The spec's example tax rates include OUTPUT2 at 15 % for revenue, and its example contact this email.
  const at15 = [{ description: "Consulting hours", quantity: 3, unitAmountMinor: 1234, taxRateBps: 1500 }];
  const exampleContact = { email: "kat.warren@clampett.com", id: "5cc8cf28-567e-4d43-b287-687cfcaec47c" };

  it("finds the contact by email, creates an authorised invoice with exact amounts, emails it and links it", async () => {
    const server = await xeroPrism();
    const before = server.requests.length;
    const invoice = invoiceDocument({ email: exampleContact.email, lines: at15 });
    const steps = progress();
    const result = await (await gateway()).invoicing?.sendInvoice(steps.input(invoice, "sync-xero-1"));

    const sent = since(server.requests, before);
    expect(sent.map(routeOf)).toEqual([
      "GET /api.xro/2.0/TaxRates",
      "GET /api.xro/2.0/Contacts",
      "PUT /api.xro/2.0/Invoices",
      expect.stringMatching(/^POST \/api\.xro\/2\.0\/Invoices\/[\w-]+\/Email$/),
      expect.stringMatching(/^GET \/api\.xro\/2\.0\/Invoices\/[\w-]+\/OnlineInvoice$/),
      expect.stringMatching(/^GET \/api\.xro\/2\.0\/Invoices\/[\w-]+$/),
    ]);
    expect(sent[1]?.query.get("where")).toBe(`EmailAddress=="${exampleContact.email}"`);
    for (const request of sent) {
      expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
      expect(request.headers["xero-tenant-id"]).toBe(tenantId);
    }
    const created = sent[2];
    expect(created?.headers["idempotency-key"]).toBe(idempotencyKeyFor("sync-xero-1", "invoice"));
    expect(sent[3]?.headers["idempotency-key"]).toBe(idempotencyKeyFor("sync-xero-1", "email"));
    const { Invoices } = jsonOf(created) as { Invoices: Array<Record<string, unknown>> };
    expect(Invoices).toEqual([
      {
        Type: "ACCREC",
        Contact: { ContactID: exampleContact.id },
        Date: "2026-11-02",
        DueDate: "2026-12-02",
        Reference: "INV-1001",
        CurrencyCode: "GBP",
        Status: "AUTHORISED",
        LineAmountTypes: "Exclusive",
        LineItems: [
          {
            Description: "Consulting hours",
            Quantity: 3,
            UnitAmount: 12.34,
            AccountCode: "200",
            TaxType: "OUTPUT2",
            TaxAmount: 5.55,
          },
        ],
      },
    ]);
    type SentLine = { Quantity: number; UnitAmount: number; TaxAmount: number };
    const [line] = (Invoices[0]?.LineItems ?? []) as SentLine[];
    const totalMinor =
      (line?.Quantity ?? 0) * decimalToMinor(line?.UnitAmount ?? 0, "GBP") +
      decimalToMinor(line?.TaxAmount ?? 0, "GBP");
    expect(totalMinor).toBe(invoice.totalMinor);

    // Prism answers with the spec's examples: a paid invoice and its online link.
    expect(result).toMatchObject({
      externalId: "a03ffcd2-5d91-4c7e-b483-318584e9e439",
      externalNumber: "INV-0006",
      status: "paid",
      hostedUrl: "https://in.xero.com/bCWCCfytGdTXoJam9HENWlQt07G6zcDaj4gQojHu",
      externalCustomerId: exampleContact.id,
    });
    expect(result?.asOf).toBeInstanceOf(Date);
    expect(steps.saved.map((checkpoint) => Object.keys(checkpoint).sort())).toEqual([
      ["contactId", "invoiceId"],
      ["contactId", "emailed", "invoiceId"],
    ]);
  });

  it("creates the contact when none has the email, with an idempotency key of its own", async () => {
    const server = await xeroPrism();
    const before = server.requests.length;
    const invoice = invoiceDocument({ email: "grace@example.com", name: "Grace Hopper", lines: at15 });
    const result = await (await gateway()).invoicing?.sendInvoice(progress().input(invoice, "sync-xero-2"));
    const createContact = since(server.requests, before).find(
      (request) => routeOf(request) === "PUT /api.xro/2.0/Contacts",
    );
    expect(jsonOf(createContact)).toEqual({
      Contacts: [{ Name: "Grace Hopper", EmailAddress: "grace@example.com" }],
    });
    expect(createContact?.headers["idempotency-key"]).toBe(idempotencyKeyFor("sync-xero-2", "contact"));
    // The spec's example answer to PUT /Contacts.
    expect(result?.externalCustomerId).toBe("3ff6d40c-af9a-40a3-89ce-3c1556a25591");
  });

  it("qualifies the contact name by email when Xero says the name is taken", async () => {
    const server = await xeroPrism();
    server.failNextMatching(
      "PUT",
      /\/Contacts$/,
      xeroValidationError("The contact name Ada Lovelace is already assigned to another contact."),
    );
    const before = server.requests.length;
    await (await gateway()).invoicing?.sendInvoice(
      progress().input(invoiceDocument({ lines: at15 }), "sync-xero-3"),
    );
    const creates = since(server.requests, before).filter(
      (request) => routeOf(request) === "PUT /api.xro/2.0/Contacts",
    );
    expect(
      creates.map((request) => (jsonOf(request) as { Contacts: [{ Name: string }] }).Contacts[0].Name),
    ).toEqual(["Ada Lovelace", "Ada Lovelace (ada@example.com)"]);
    expect(creates[1]?.headers["idempotency-key"]).toBe(idempotencyKeyFor("sync-xero-3", "contact-by-email"));
  });

  it("resumes from the checkpoint without a second invoice or email; a crashed retry repeats its keys", async () => {
    const server = await xeroPrism();
    const invoice = invoiceDocument({ email: exampleContact.email, lines: at15 });
    const steps = progress();
    await (await gateway()).invoicing?.sendInvoice(steps.input(invoice, "sync-xero-4"));
    const before = server.requests.length;
    await (await gateway()).invoicing?.sendInvoice(steps.input(invoice, "sync-xero-4"));
    const invoiceId = steps.saved[0]?.invoiceId;
    // Only reads, of the checkpointed invoice (Prism's example ids differ between operations).
    expect(since(server.requests, before).map(routeOf)).toEqual([
      `GET /api.xro/2.0/Invoices/${invoiceId}/OnlineInvoice`,
      `GET /api.xro/2.0/Invoices/${invoiceId}`,
    ]);

    // A crash before the checkpoint was stored: the retry sends the same Idempotency-Key, so Xero answers
    // with the invoice it created the first time instead of creating another.
    const crashedAt = server.requests.length;
    await (await gateway()).invoicing?.sendInvoice(progress().input(invoice, "sync-xero-4"));
    const creates = server.requests.filter((request) => routeOf(request) === "PUT /api.xro/2.0/Invoices");
    const retried = since(server.requests, crashedAt).find(
      (request) => routeOf(request) === "PUT /api.xro/2.0/Invoices",
    );
    expect(retried?.headers["idempotency-key"]).toBe(idempotencyKeyFor("sync-xero-4", "invoice"));
    expect(retried?.body).toBe(creates.at(-2)?.body);
  });

  it("refuses a tax rate the organisation does not have, before creating anything", async () => {
    const server = await xeroPrism();
    const before = server.requests.length;
    const error = await rejectionOf(
      (await gateway()).invoicing?.sendInvoice(
        progress().input(invoiceDocument({ email: "new-customer@example.com" }), "sync-xero-5"),
      ) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({ type: "invalid_request", retryable: false });
    expect(error.message).toBe(
      "Xero has no active sales tax rate of 20%: add one under Settings → Tax rates",
    );
    expect(since(server.requests, before).map(routeOf)).toEqual(["GET /api.xro/2.0/TaxRates"]);
  });

  it("maps Xero's invoice statuses, with UpdatedDateUTC as the time of the state", async () => {
    const server = await xeroPrism();
    const xero = await gateway();
    const fetchStatus = () =>
      xero.invoicing?.fetchInvoiceStatus({
        externalId: "a03ffcd2-5d91-4c7e-b483-318584e9e439",
        currency: "GBP",
      });
    // The spec's example invoice is PAID.
    const paid = await fetchStatus();
    expect(paid).toMatchObject({
      status: "paid",
      paymentMethod: "xero",
      paidAt: new Date(1552953600000), // FullyPaidOnDate
      asOf: new Date(1551981568133), // UpdatedDateUTC
      transactionId: "38928000-e9a0-420c-8884-f624bab2a351",
    });
    for (const [xeroStatus, status] of [
      ["AUTHORISED", "open"],
      ["SUBMITTED", "draft"],
      ["VOIDED", "void"],
      ["DELETED", "void"],
    ] as const) {
      server.rewriteNext((body) => ({
        ...body,
        Invoices: (body.Invoices as Array<Record<string, unknown>>).map((invoice) => ({
          ...invoice,
          Status: xeroStatus,
          UpdatedDateUTC: "/Date(1793613600000+0000)/",
        })),
      }));
      const state = await fetchStatus();
      expect(state).toMatchObject({ status, asOf: new Date(1793613600000) });
      expect(state?.paidAt).toBeUndefined();
    }
  });

  it("waits for the call budget before every SDK request and releases it after", async () => {
    const server = await xeroPrism();
    const budget = { acquired: 0, released: 0 };
    const ctx = await oauthContext("xero", server.url, account);
    const throttled = xeroGateway({
      ...ctx,
      throttle: async () => {
        budget.acquired++;
        return { release: async () => void budget.released++ };
      },
    });
    const before = server.requests.length;
    server.failNext(1, 503, { "retry-after": "0" });
    await throttled.invoicing?.fetchInvoiceStatus({
      externalId: "a03ffcd2-5d91-4c7e-b483-318584e9e439",
      currency: "GBP",
    });
    expect(server.requests.length - before).toBe(2); // the 503, then the retry
    expect(budget).toEqual({ acquired: 2, released: 2 });
  });

  it("reports a rejected access token as an auth error", async () => {
    const error = await rejectionOf(
      (await gateway("expired-token")).invoicing?.fetchInvoiceStatus({ externalId: "x", currency: "GBP" }) ??
        Promise.resolve(),
    );
    expect(error).toMatchObject({
      type: "auth",
      status: 401,
      message: "Unauthorized: AuthenticationUnsuccessful",
    });
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    const server = await xeroPrism();
    const before = server.requests.length;
    server.failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    const state = await (await gateway()).invoicing?.fetchInvoiceStatus({
      externalId: "a03ffcd2-5d91-4c7e-b483-318584e9e439",
      currency: "GBP",
    });
    expect(state?.status).toBe("paid");
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(server.requests.length - before).toBe(2);
  });

  it("reports Xero's validation errors readably and does not retry them", async () => {
    const server = await xeroPrism();
    server.failNextMatching(
      "PUT",
      /\/Invoices$/,
      xeroValidationError(
        "Invoice not of valid status for creation",
        "Account code '200' is not a valid code",
      ),
    );
    const before = server.requests.length;
    const invoice = invoiceDocument({ email: exampleContact.email, lines: at15 });
    const steps = progress();
    const error = await rejectionOf(
      (await gateway()).invoicing?.sendInvoice(steps.input(invoice, "sync-xero-6")) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({
      type: "invalid_request",
      retryable: false,
      status: 400,
      message:
        "ValidationException: Invoice not of valid status for creation; Account code '200' is not a valid code",
    });
    expect(since(server.requests, before).filter((request) => request.method === "PUT")).toHaveLength(1);
    expect(steps.saved).toEqual([]);
  });

  it("proves the token with GET /connections and names the connected organisation", async () => {
    const server = await xeroPrism();
    const chosen = xeroOrganisations[1];
    const validate = async (externalAccountId: string | null) =>
      xeroGateway(
        await oauthContext("xero", server.url, { externalAccountId, metadata: {} }),
      ).validateCredentials();
    await expect(validate(chosen?.tenantId ?? "")).resolves.toEqual({
      accountId: chosen?.tenantId,
      accountName: chosen?.tenantName,
    });
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", path: "/connections" });
    const gone = await rejectionOf(validate("00000000-0000-4000-8000-000000000000"));
    expect(gone.type).toBe("auth");
  });

  it("has a stand-in that really rejects what the spec rejects", async () => {
    const server = await xeroPrism();
    const response = await fetch(`${server.url}/api.xro/2.0/Invoices`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${accessToken}`,
        "xero-tenant-id": tenantId,
        "content-type": "application/json",
      },
      body: JSON.stringify({ Invoices: "not a list" }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(server.forwarded.at(-1)?.status).toBe(response.status);
    server.forwarded.pop(); // this one was meant to fail
  });

  it("sent only requests that Xero's spec accepts", async () => {
    const server = await xeroPrism();
    expect(server.forwarded.length).toBeGreaterThan(0);
    expect(server.forwarded.filter((answer) => answer.status >= 400)).toEqual([]);
  });
});
