import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { invoiceTotals, lineNetMinor, lineTaxMinor } from "@/lib/money";
import { customWebhookGateway } from "@/server/providers/gateways/custom-webhook";
import {
  type PaypalInvoice,
  paypalGateway,
  stateOf as paypalStateOf,
} from "@/server/providers/gateways/paypal";
import {
  orderOf,
  type SquareInvoice,
  squareGateway,
  stateOf as squareStateOf,
  squareTaxMinor,
} from "@/server/providers/gateways/square";
import {
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
} from "@/server/providers/invoicing";
import { gatewayContext } from "../../helpers/gateway-context";
import { rejectionOf, useProviderServer } from "../../helpers/providers/gateway-cases";
import { startHookServer } from "../../helpers/providers/hook-server";
import type { RecordedRequest } from "../../helpers/providers/local-server";
import { paypalPrismInBackground } from "../../helpers/providers/paypal-prism";
import { squareInvoicesInBackground } from "../../helpers/providers/square-invoices";

const specs = path.resolve(import.meta.dirname, "../../../../shared/specs");
const paypalApp = {
  clientId: "AbPlugboardInvoicing",
  clientSecret: "EPlugboardInvoicing",
  appId: "APP-INV1",
};
// Both mocks load while the custom webhook cases run (PayPal ~6 s, Square ~16 s).
const paypal = paypalPrismInBackground([paypalApp]);
const square = squareInvoicesInBackground();

type LineInput = { description: string; quantity: number; unitAmountMinor: number; taxRateBps: number };

/** An invoice as the sync engine hands it over; the default is 3 × 12.34 at 20 % tax (37.02 + 7.40). */
function invoiceOf(
  overrides: Partial<Omit<InvoiceDocument, "lines">> = {},
  lines: LineInput[] = [
    { description: "Consulting hours", quantity: 3, unitAmountMinor: 1234, taxRateBps: 2000 },
  ],
): InvoiceDocument {
  return {
    id: randomUUID(),
    number: "INV-2025-0042",
    currency: "USD",
    issueDate: "2025-03-01",
    dueDate: "2025-03-31",
    memo: "Thank you for your business.",
    ...invoiceTotals(lines),
    lines: lines.map((line, index) => ({
      ...line,
      position: index + 1,
      netMinor: lineNetMinor(line),
      taxMinor: lineTaxMinor(line),
    })),
    customer: {
      id: randomUUID(),
      name: "Northwind Plumbing",
      email: "billing@northwind.example",
      billingAddress: "1 Harbour Road, Leith",
      externalId: null,
    },
    ...overrides,
  };
}

/** A send input with a fresh sync key (or the given one) and a checkpoint recorder. */
function sendInput(
  invoice: InvoiceDocument,
  syncKey = randomUUID(),
  checkpoint: Record<string, string> = {},
) {
  const saved: Record<string, string>[] = [];
  const input: SendInvoiceInput = {
    invoice,
    idempotencyKey: syncKey,
    checkpoint,
    saveCheckpoint: async (next) => {
      saved.push(next);
    },
  };
  return { input, saved, syncKey };
}

const bodyOf = (request: RecordedRequest | undefined) => JSON.parse(request?.body ?? "null") as unknown;
const routeOf = (request: RecordedRequest) => `${request.method} ${request.path}`;

function invoicingOf(gateway: { invoicing?: InvoicingGateway }): InvoicingGateway {
  if (!gateway.invoicing) throw new Error("the gateway does not implement invoicing");
  return gateway.invoicing;
}

describe("custom webhook invoicing: signed invoice.created / invoice.status_requested", () => {
  const signingSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const server = useProviderServer(() => startHookServer({ flavour: "custom_webhook", signingSecret }));
  const invoicing = async (secret = signingSecret) =>
    invoicingOf(
      customWebhookGateway(
        await gatewayContext("custom_webhook", "http://127.0.0.1:9", {
          endpointUrl: server().hookUrl,
          signingSecret: secret,
        }),
      ),
    );
  const verified = (request: RecordedRequest | undefined) =>
    new Webhook(signingSecret).verify(request?.body ?? "", {
      "webhook-id": String(request?.headers["webhook-id"]),
      "webhook-timestamp": String(request?.headers["webhook-timestamp"]),
      "webhook-signature": String(request?.headers["webhook-signature"]),
    });
  afterEach(() => {
    server().answer = undefined;
  });

  it("delivers the whole invoice in minor units, signed, and takes the receiver's id, link and status", async () => {
    server().answer = (event) =>
      event.type === "invoice.created"
        ? { id: "rcv_42", hosted_url: "https://billing.example.com/i/42", status: "open" }
        : undefined;
    const invoice = invoiceOf();
    const { input, syncKey } = sendInput(invoice);
    const result = await (await invoicing()).sendInvoice(input);
    expect(result).toEqual({
      externalId: "rcv_42",
      status: "open",
      hostedUrl: "https://billing.example.com/i/42",
      externalNumber: invoice.number,
      paidAt: undefined,
    });
    const request = server().requests.at(-1);
    expect(request?.headers["webhook-id"]).toBe(idempotencyKeyFor(syncKey, "invoice.created"));
    expect(verified(request)).toMatchObject({ type: "invoice.created" });
    const { externalId: _unused, ...customer } = invoice.customer;
    expect(bodyOf(request)).toEqual({
      type: "invoice.created",
      timestamp: expect.any(String),
      data: {
        invoice: {
          id: invoice.id,
          number: "INV-2025-0042",
          currency: "USD",
          issueDate: "2025-03-01",
          dueDate: "2025-03-31",
          memo: "Thank you for your business.",
          subtotalMinor: 3702,
          taxMinor: 740,
          totalMinor: 4442,
          lines: [
            {
              position: 1,
              description: "Consulting hours",
              quantity: 3,
              unitAmountMinor: 1234,
              taxRateBps: 2000,
              netMinor: 3702,
              taxMinor: 740,
            },
          ],
          customer,
        },
      },
    });
  });

  it("falls back to our invoice id and open when the receiver answers without those fields", async () => {
    const invoice = invoiceOf();
    const result = await (await invoicing()).sendInvoice(sendInput(invoice).input); // answers {received: true}
    expect(result).toMatchObject({ externalId: invoice.id, status: "open", hostedUrl: undefined });
    server().answer = () => "Accepted";
    await expect((await invoicing()).sendInvoice(sendInput(invoice).input)).resolves.toMatchObject({
      externalId: invoice.id,
    });
  });

  it("keeps one webhook-id across a retried request and across pushes of the same sync", async () => {
    const before = server().requests.length;
    const invoice = invoiceOf();
    const syncKey = randomUUID();
    server().failNext(1, 503);
    await (await invoicing()).sendInvoice(sendInput(invoice, syncKey).input);
    await (await invoicing()).sendInvoice(sendInput(invoice, syncKey).input);
    await (await invoicing()).sendInvoice(sendInput(invoice).input);
    const ids = server()
      .requests.slice(before)
      .map((request) => request.headers["webhook-id"]);
    const expected = idempotencyKeyFor(syncKey, "invoice.created");
    expect(ids).toEqual([expected, expected, expected, expect.not.stringMatching(expected)]);
  });

  it("refuses an answer outside the documented shape, naming the field", async () => {
    server().answer = () => ({ id: "rcv_1", status: "settled" });
    const error = await rejectionOf((await invoicing()).sendInvoice(sendInput(invoiceOf()).input));
    expect(error).toMatchObject({ type: "invalid_request", retryable: false });
    expect(error.message).toMatch(/invoice\.created.*status/);
  });

  it("asks for the status with a signed invoice.status_requested and reads the answer", async () => {
    server().answer = (event) =>
      event.type === "invoice.status_requested"
        ? { status: "paid", paid_at: "2025-03-10T12:00:00Z", hosted_url: "https://billing.example.com/i/42" }
        : undefined;
    const state = await (await invoicing()).fetchInvoiceStatus({ externalId: "rcv_42", currency: "USD" });
    expect(state).toEqual({
      externalId: "rcv_42",
      status: "paid",
      paidAt: new Date("2025-03-10T12:00:00Z"),
      hostedUrl: "https://billing.example.com/i/42",
    });
    const request = server().requests.at(-1);
    expect(verified(request)).toMatchObject({
      type: "invoice.status_requested",
      data: { externalId: "rcv_42", currency: "USD" },
    });
  });

  it("reports a status answer without a status as invalid_request with what to do", async () => {
    const error = await rejectionOf(
      (await invoicing()).fetchInvoiceStatus({ externalId: "rcv_42", currency: "USD" }),
    );
    expect(error).toMatchObject({ type: "invalid_request", retryable: false });
    expect(error.message).toMatch(/without a status.*inbound|without a status.*webhook/i);
    server().answer = () => "OK";
    const text = await rejectionOf(
      (await invoicing()).fetchInvoiceStatus({ externalId: "x", currency: "USD" }),
    );
    expect(text.message).toMatch(/without a JSON object/);
  });

  it("waits out a 429 with Retry-After and reports a rejected signature as auth", async () => {
    const before = server().requests.length;
    server().failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    await (await invoicing()).sendInvoice(sendInput(invoiceOf()).input);
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(server().requests.length - before).toBe(2);
    const other = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const error = await rejectionOf((await invoicing(other)).sendInvoice(sendInput(invoiceOf()).input));
    expect(error).toMatchObject({ type: "auth", status: 401 });
  });
});

describe("PayPal invoicing against Prism on PayPal's Invoicing v2 spec", () => {
  const spec = JSON.parse(readFileSync(path.join(specs, "paypal_invoicing_v2.json"), "utf8")) as {
    components: { examples: Record<string, { value: Record<string, unknown> }> };
  };
  const gatewayFor = async (credentials: Record<string, string> = paypalApp) =>
    paypalGateway(
      await gatewayContext("paypal", (await paypal()).url, { environment: "live", ...credentials }),
    );
  const newRequests = async <T>(run: () => Promise<T>) => {
    const server = await paypal();
    const before = server.requests.length;
    const result = await run();
    return { result, requests: server.requests.slice(before) };
  };

  it("creates the draft with exact decimal amounts, checkpoints it, sends it and reads it back", async () => {
    const gateway = invoicingOf(await gatewayFor());
    const invoice = invoiceOf();
    const { input, saved, syncKey } = sendInput(invoice);
    const { result, requests } = await newRequests(() => gateway.sendInvoice(input));
    const invoiceId = saved[0]?.invoiceId ?? "";
    expect(invoiceId).toMatch(/^INV2-/);
    expect(requests.map(routeOf)).toEqual([
      "POST /v1/oauth2/token",
      "POST /v2/invoicing/invoices",
      `POST /v2/invoicing/invoices/${invoiceId}/send`,
      `GET /v2/invoicing/invoices/${invoiceId}`,
    ]);
    const [, create, send, read] = requests;
    expect(bodyOf(create)).toEqual({
      detail: {
        currency_code: "USD",
        invoice_number: "INV-2025-0042",
        invoice_date: "2025-03-01",
        payment_term: { due_date: "2025-03-31" },
        note: "Thank you for your business.",
      },
      primary_recipients: [
        {
          billing_info: {
            name: { full_name: "Northwind Plumbing" },
            email_address: "billing@northwind.example",
          },
        },
      ],
      items: [
        {
          name: "Consulting hours",
          quantity: "3",
          unit_amount: { currency_code: "USD", value: "12.34" },
          tax: { name: "Tax", percent: "20" },
          unit_of_measure: "QUANTITY",
        },
      ],
      configuration: { tax_inclusive: false },
    });
    expect(create?.headers["paypal-request-id"]).toBe(idempotencyKeyFor(syncKey, "invoice"));
    expect(send?.headers["paypal-request-id"]).toBe(idempotencyKeyFor(syncKey, "send"));
    expect(bodyOf(send)).toEqual({ send_to_recipient: true, send_to_invoicer: false });
    const bearer = create?.headers.authorization;
    expect(bearer).toMatch(/^Bearer A21AA/);
    expect([send?.headers.authorization, read?.headers.authorization]).toEqual([bearer, bearer]);
    expect(saved).toEqual([{ invoiceId }, { invoiceId, sent: "1" }]);
    // Prism answers the GET from the schema: status DRAFT, metadata.recipient_view_url http://example.com.
    expect(result).toMatchObject({ externalId: invoiceId, status: "draft", hostedUrl: "http://example.com" });
  });

  it("repeats the same PayPal-Request-Ids on a retried push and creates nothing when resuming", async () => {
    const invoice = invoiceOf();
    const syncKey = randomUUID();
    const gateway = invoicingOf(await gatewayFor());
    const twice = await newRequests(async () => {
      await gateway.sendInvoice(sendInput(invoice, syncKey).input);
      await gateway.sendInvoice(sendInput(invoice, syncKey).input); // the first checkpoint was lost
    });
    const requestIds = (route: RegExp) =>
      twice.requests
        .filter((request) => route.test(routeOf(request)))
        .map((r) => r.headers["paypal-request-id"]);
    expect(requestIds(/^POST \/v2\/invoicing\/invoices$/)).toEqual(
      Array(2).fill(idempotencyKeyFor(syncKey, "invoice")),
    );
    expect(requestIds(/\/send$/)).toEqual(Array(2).fill(idempotencyKeyFor(syncKey, "send")));

    const resumed = await newRequests(() =>
      gateway.sendInvoice(sendInput(invoice, syncKey, { invoiceId: "INV2-RESU-MEDX" }).input),
    );
    expect(resumed.requests.map(routeOf)).toEqual([
      "GET /v2/invoicing/invoices/INV2-RESU-MEDX", // DRAFT: not sent yet
      "POST /v2/invoicing/invoices/INV2-RESU-MEDX/send",
      "GET /v2/invoicing/invoices/INV2-RESU-MEDX",
    ]);
    const done = await newRequests(() =>
      gateway.sendInvoice(sendInput(invoice, syncKey, { invoiceId: "INV2-RESU-MEDX", sent: "1" }).input),
    );
    expect(done.requests.map(routeOf)).toEqual(["GET /v2/invoicing/invoices/INV2-RESU-MEDX"]);
    expect(done.result.externalId).toBe("INV2-RESU-MEDX");
  });

  it("writes amounts exactly for currencies with 0 and 3 minor digits and fractional tax rates", async () => {
    const gateway = invoicingOf(await gatewayFor());
    const yen = invoiceOf({ currency: "JPY" }, [
      { description: "Licence", quantity: 2, unitAmountMinor: 1234, taxRateBps: 1000 },
    ]);
    const dinar = invoiceOf({ currency: "KWD" }, [
      { description: "Support", quantity: 1, unitAmountMinor: 12345, taxRateBps: 1250 },
      { description: "Setup", quantity: 1, unitAmountMinor: 5, taxRateBps: 0 },
    ]);
    const { requests } = await newRequests(async () => {
      await gateway.sendInvoice(sendInput(yen).input);
      await gateway.sendInvoice(sendInput(dinar).input);
    });
    const items = requests
      .filter((request) => routeOf(request) === "POST /v2/invoicing/invoices")
      .map((request) => (bodyOf(request) as { items: unknown[] }).items);
    expect(items).toEqual([
      [
        expect.objectContaining({
          unit_amount: { currency_code: "JPY", value: "1234" },
          tax: { name: "Tax", percent: "10" },
        }),
      ],
      [
        expect.objectContaining({
          unit_amount: { currency_code: "KWD", value: "12.345" },
          tax: { name: "Tax", percent: "12.5" },
        }),
        {
          name: "Setup",
          quantity: "1",
          unit_amount: { currency_code: "KWD", value: "0.005" },
          unit_of_measure: "QUANTITY",
        },
      ],
    ]);
  });

  it("reads an invoice's status with GET /v2/invoicing/invoices/{id}", async () => {
    const gateway = invoicingOf(await gatewayFor());
    const { result, requests } = await newRequests(() =>
      gateway.fetchInvoiceStatus({ externalId: "INV2-Z56S-5LLA-Q52L-CPZ5", currency: "USD" }),
    );
    expect(requests.map(routeOf)).toEqual([
      "POST /v1/oauth2/token",
      "GET /v2/invoicing/invoices/INV2-Z56S-5LLA-Q52L-CPZ5",
    ]);
    expect(result).toMatchObject({ externalId: "INV2-Z56S-5LLA-Q52L-CPZ5", status: "draft" });
  });

  it("normalises every PayPal status, with the payment and the last update time", () => {
    const example = spec.components.examples.invoice_draft?.value ?? {};
    const payment = spec.components.examples.payment_detail?.value ?? {};
    const detail = example.detail as Record<string, unknown>;
    const bodyWith = (status: string, payments?: unknown): PaypalInvoice => ({
      ...example,
      status,
      detail: {
        ...detail,
        metadata: {
          last_update_time: "2025-03-12T09:30:00Z",
          recipient_view_url: "https://www.paypal.com/invoice/p/#INV2-C82X-JNN9-Y6S5-CNXW",
        },
      },
      ...(payments ? { payments } : {}),
    });
    const expected: Record<string, string> = {
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
    for (const [status, normalised] of Object.entries(expected)) {
      expect([status, paypalStateOf(bodyWith(status)).status]).toEqual([status, normalised]);
    }
    const paid = paypalStateOf(
      bodyWith("PAID", {
        transactions: [
          { ...payment, payment_date: "2025-03-05" },
          { payment_id: "0VF52814937998046", payment_date: "2025-03-11", method: "PAYPAL", type: "PAYPAL" },
        ],
      }),
    );
    expect(paid).toEqual({
      externalId: "INV2-C82X-JNN9-Y6S5-CNXW",
      status: "paid",
      externalNumber: "#123",
      hostedUrl: "https://www.paypal.com/invoice/p/#INV2-C82X-JNN9-Y6S5-CNXW",
      paidAt: new Date("2025-03-11T00:00:00Z"),
      paymentMethod: "paypal",
      transactionId: "0VF52814937998046",
      asOf: new Date("2025-03-12T09:30:00Z"),
    });
    expect(paypalStateOf(bodyWith("SENT"))).toMatchObject({ paidAt: undefined, transactionId: undefined });
  });

  it("reports the spec's 422 for an invalid invoice as invalid_request, without retrying", async () => {
    const server = await paypal();
    const gateway = invoicingOf(await gatewayFor());
    const tooLong = invoiceOf({ number: "N".repeat(128) }); // invoice_number allows 127 characters
    const violationsBefore = server.requestViolations.length;
    const { result: error, requests } = await newRequests(() =>
      rejectionOf(gateway.sendInvoice(sendInput(tooLong).input)),
    );
    expect(requests.map(routeOf)).toEqual(["POST /v1/oauth2/token", "POST /v2/invoicing/invoices"]);
    expect(error).toMatchObject({ type: "invalid_request", status: 422, retryable: false });
    expect(error.message).toMatch(/The requested action could not be performed/);
    // The one deliberate violation: taken out so the last case can check that nothing else violated the spec.
    const deliberate = server.requestViolations.splice(violationsBefore);
    expect(deliberate).toEqual([
      expect.objectContaining({
        path: "/v2/invoicing/invoices",
        violations: expect.stringContaining("invoice_number"),
      }),
    ]);
  });

  it("keeps PayPal's issue and description in invalid_request messages (422 and 400)", async () => {
    const server = await paypal();
    const gateway = invoicingOf(await gatewayFor());
    await gateway.fetchInvoiceStatus({ externalId: "INV2-WARM-UP00", currency: "USD" }); // holds a token now
    server.failNext(
      1,
      422,
      {},
      {
        name: "UNPROCESSABLE_ENTITY",
        message:
          "The requested action could not be performed, semantically incorrect, or failed business validation.",
        details: [{ issue: "DUPLICATE_INVOICE_NUMBER", description: "Invoice number is already in use." }],
        debug_id: "7b3fc6a1d2e4",
      },
    );
    const duplicate = await rejectionOf(gateway.sendInvoice(sendInput(invoiceOf()).input));
    expect(duplicate).toMatchObject({ type: "invalid_request", status: 422, retryable: false });
    expect(duplicate.message).toMatch(
      /DUPLICATE_INVOICE_NUMBER: Invoice number is already in use\. \[debug_id 7b3fc6a1d2e4\]$/,
    );
    server.failNext(
      1,
      400,
      {},
      {
        name: "INVALID_REQUEST",
        message: "Request is not well-formed, syntactically incorrect, or violates schema.",
        details: [
          {
            field: "/detail/payment_term/due_date",
            issue: "INVALID_DUE_DATE",
            description: "Due date is before the invoice date.",
          },
        ],
      },
    );
    const malformed = await rejectionOf(gateway.sendInvoice(sendInput(invoiceOf()).input));
    expect(malformed).toMatchObject({ type: "invalid_request", status: 400, retryable: false });
    expect(malformed.message).toMatch(
      /INVALID_DUE_DATE \(\/detail\/payment_term\/due_date\): Due date is before/,
    );
  });

  it("reports wrong app credentials as auth and renews an expired token once", async () => {
    const server = await paypal();
    const wrong = await rejectionOf(
      invoicingOf(await gatewayFor({ ...paypalApp, clientSecret: "wrong" })).fetchInvoiceStatus({
        externalId: "INV2-AAAA",
        currency: "USD",
      }),
    );
    expect(wrong).toMatchObject({ type: "auth", status: 401, message: "Client Authentication failed" });

    const gateway = invoicingOf(await gatewayFor());
    await gateway.fetchInvoiceStatus({ externalId: "INV2-AAAA", currency: "USD" });
    server.revokeTokens();
    const renewed = await newRequests(() =>
      gateway.fetchInvoiceStatus({ externalId: "INV2-AAAA", currency: "USD" }),
    );
    expect(renewed.requests.map(routeOf)).toEqual([
      "GET /v2/invoicing/invoices/INV2-AAAA",
      "POST /v1/oauth2/token",
      "GET /v2/invoicing/invoices/INV2-AAAA",
    ]);

    server.rejectTokens = true;
    try {
      const fresh = invoicingOf(await gatewayFor());
      const refused = await newRequests(() =>
        rejectionOf(fresh.fetchInvoiceStatus({ externalId: "INV2-AAAA", currency: "USD" })),
      );
      expect(refused.result).toMatchObject({
        type: "auth",
        status: 401,
        message: "Token signature verification failed",
      });
      expect(refused.requests).toHaveLength(2); // token, GET: a fresh token that is refused is not retried
    } finally {
      server.rejectTokens = false;
    }
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    const server = await paypal();
    const gateway = invoicingOf(await gatewayFor());
    await gateway.fetchInvoiceStatus({ externalId: "INV2-AAAA", currency: "USD" });
    server.failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    const { requests } = await newRequests(() =>
      gateway.fetchInvoiceStatus({ externalId: "INV2-AAAA", currency: "USD" }),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(requests.map(routeOf)).toEqual(Array(2).fill("GET /v2/invoicing/invoices/INV2-AAAA"));
  });

  it("sent no request that PayPal's spec rejects (no sl-violations located in a request)", async () => {
    const server = await paypal();
    expect(server.requests.filter((request) => request.path.startsWith("/v2/")).length).toBeGreaterThan(15);
    expect(server.requestViolations).toEqual([]);
  });
});

describe("Square invoicing against Prism on Square's spec (--errors)", () => {
  const spec = JSON.parse(readFileSync(path.join(specs, "square_api.offline.json"), "utf8")) as {
    components: { schemas: Record<string, { example?: { invoice?: SquareInvoice } }> };
  };
  const accessToken = "EAAAlPlugboardSandboxToken";
  const exampleInvoiceId = "inv:0-ChCHu2mZEabLeeHahQnXDjZQECY"; // the spec's CreateInvoice/GetInvoice example
  const invoicePath = `/v2/invoices/${encodeURIComponent(exampleInvoiceId)}`;
  const gatewayFor = async () =>
    invoicingOf(squareGateway(await gatewayContext("square", (await square()).url, { accessToken })));
  const newRequests = async <T>(run: () => Promise<T>) => {
    const server = await square();
    const before = server.requests.length;
    const result = await run();
    return { result, requests: server.requests.slice(before) };
  };
  afterEach(async () => {
    (await square()).replace = undefined;
  });

  it("goes location → customer → order → invoice → publish with idempotency keys and exact money", async () => {
    const gateway = await gatewayFor();
    const invoice = invoiceOf();
    const { input, saved, syncKey } = sendInput(invoice);
    const { result, requests } = await newRequests(() => gateway.sendInvoice(input));
    expect(requests.map(routeOf)).toEqual([
      "GET /v2/locations",
      "POST /v2/customers/search",
      "POST /v2/orders",
      "POST /v2/invoices",
      `POST ${invoicePath}/publish`,
    ]);
    const [locations, search, order, create, publish] = requests;
    expect(locations?.headers).toMatchObject({
      authorization: `Bearer ${accessToken}`,
      "square-version": "2025-08-20",
    });
    expect(bodyOf(search)).toEqual({
      query: { filter: { email_address: { exact: "billing@northwind.example" } } },
      limit: 1,
    });
    const location = "18YC4JDH91E1H"; // the first active location of the spec's example
    const customer = "JDKYHBWT1D4F8MFH63DBMEN8Y4"; // the first customer the example search finds
    expect(bodyOf(order)).toEqual({
      idempotency_key: idempotencyKeyFor(syncKey, "order"),
      order: {
        location_id: location,
        customer_id: customer,
        reference_id: "INV-2025-0042",
        metadata: { plugboard_invoice_id: invoice.id },
        pricing_options: { auto_apply_taxes: false, auto_apply_discounts: false },
        line_items: [
          {
            uid: "line-1",
            name: "Consulting hours",
            quantity: "3",
            base_price_money: { amount: 1234, currency: "USD" },
            applied_taxes: [{ tax_uid: "tax-1" }],
          },
        ],
        taxes: [{ uid: "tax-1", name: "Tax 20%", percentage: "20", type: "ADDITIVE", scope: "LINE_ITEM" }],
      },
    });
    expect(bodyOf(create)).toEqual({
      idempotency_key: idempotencyKeyFor(syncKey, "invoice"),
      invoice: {
        location_id: location,
        order_id: "CAISENgvlJ6jLWAzERDzjyHVybY",
        primary_recipient: { customer_id: customer },
        payment_requests: [{ request_type: "BALANCE", due_date: "2025-03-31" }],
        delivery_method: "EMAIL",
        invoice_number: "INV-2025-0042",
        sale_or_service_date: "2025-03-01",
        description: "Thank you for your business.",
        accepted_payment_methods: {
          card: true,
          square_gift_card: false,
          bank_account: false,
          buy_now_pay_later: false,
          cash_app_pay: false,
        },
      },
    });
    expect(bodyOf(publish)).toEqual({ version: 0, idempotency_key: idempotencyKeyFor(syncKey, "publish") });
    expect(saved.at(-1)).toEqual({
      locationId: location,
      customerId: customer,
      orderId: "CAISENgvlJ6jLWAzERDzjyHVybY",
      invoiceId: exampleInvoiceId,
      published: "1",
    });
    expect(saved.map((checkpoint) => Object.keys(checkpoint).length)).toEqual([1, 2, 3, 4, 5]);
    expect(result).toEqual({
      externalId: exampleInvoiceId,
      status: "open", // the publish example answers SCHEDULED
      externalNumber: "inv-100",
      hostedUrl: "https://squareup.com/pay-invoice/invtmp:5e22a2c2-47c1-46d6-b061-808764dfe2b9",
      paidAt: undefined,
      paymentMethod: undefined,
      asOf: new Date("2020-06-18T18:23:11Z"),
      externalCustomerId: customer,
    });
  });

  it("creates the customer with an idempotency key when the search finds none, or uses the known id", async () => {
    const server = await square();
    server.replace = (request) =>
      request.path === "/v2/customers/search" ? { status: 200, body: {} } : undefined;
    const gateway = await gatewayFor();
    const { input, syncKey } = sendInput(invoiceOf());
    const created = await newRequests(() => gateway.sendInvoice(input));
    const create = created.requests.find((request) => routeOf(request) === "POST /v2/customers");
    expect(bodyOf(create)).toEqual({
      idempotency_key: idempotencyKeyFor(syncKey, "customer"),
      given_name: "Northwind Plumbing",
      email_address: "billing@northwind.example",
      reference_id: input.invoice.customer.id,
    });
    expect(created.result.externalCustomerId).toBe("JDKYHBWT1D4F8MFH63DBMEN8Y4"); // CreateCustomer's example

    const known = invoiceOf();
    known.customer.externalId = "CUSTKNOWN000";
    const reused = await newRequests(() => gateway.sendInvoice(sendInput(known).input));
    expect(reused.requests.map(routeOf)).not.toContain("POST /v2/customers/search");
    const order = reused.requests.find((request) => routeOf(request) === "POST /v2/orders");
    expect(bodyOf(order)).toMatchObject({ order: { customer_id: "CUSTKNOWN000" } });
  });

  it("repeats its idempotency keys on a retried push and resumes from the checkpoint", async () => {
    const gateway = await gatewayFor();
    const invoice = invoiceOf();
    const syncKey = randomUUID();
    const twice = await newRequests(async () => {
      await gateway.sendInvoice(sendInput(invoice, syncKey).input);
      await gateway.sendInvoice(sendInput(invoice, syncKey).input); // the first checkpoints were lost
    });
    const keysOf = (route: string) =>
      twice.requests
        .filter((request) => routeOf(request) === route)
        .map((request) => (bodyOf(request) as { idempotency_key: string }).idempotency_key);
    expect(keysOf("POST /v2/orders")).toEqual(Array(2).fill(idempotencyKeyFor(syncKey, "order")));
    expect(keysOf("POST /v2/invoices")).toEqual(Array(2).fill(idempotencyKeyFor(syncKey, "invoice")));
    expect(keysOf(`POST ${invoicePath}/publish`)).toEqual(
      Array(2).fill(idempotencyKeyFor(syncKey, "publish")),
    );

    const checkpoint = { locationId: "L1", customerId: "C1", orderId: "O1", invoiceId: exampleInvoiceId };
    const resumed = await newRequests(() =>
      gateway.sendInvoice(sendInput(invoice, syncKey, checkpoint).input),
    );
    expect(resumed.requests.map(routeOf)).toEqual([`GET ${invoicePath}`, `POST ${invoicePath}/publish`]);
    const published = { ...checkpoint, published: "1" };
    const done = await newRequests(() => gateway.sendInvoice(sendInput(invoice, syncKey, published).input));
    expect(done.requests.map(routeOf)).toEqual([`GET ${invoicePath}`]);
    expect(done.result).toMatchObject({ externalId: exampleInvoiceId, externalCustomerId: "C1" });
  });

  it("taxes each line on its own and adds back what Square's half-to-even rounding drops", async () => {
    // 0.05 at 10 % is 0.005: we round half up to 0.01, Square half to even to 0.00.
    expect([
      squareTaxMinor(5, 1000),
      lineTaxMinor({ quantity: 1, unitAmountMinor: 5, taxRateBps: 1000 }),
    ]).toEqual([0, 1]);
    expect(squareTaxMinor(15, 1000)).toBe(2); // 0.015 → 0.02 either way
    expect(squareTaxMinor(3702, 2000)).toBe(740); // 7.404 → 7.40
    const invoice = invoiceOf({}, [
      { description: "Stamp", quantity: 1, unitAmountMinor: 5, taxRateBps: 1000 },
      { description: "Envelope", quantity: 1, unitAmountMinor: 15, taxRateBps: 1000 },
      { description: "Consulting hours", quantity: 3, unitAmountMinor: 1234, taxRateBps: 2000 },
      { description: "Exempt", quantity: 2, unitAmountMinor: 1000, taxRateBps: 0 },
    ]);
    const order = orderOf(invoice, "L1", "C1");
    expect(order.taxes?.map((tax) => [tax.uid, tax.percentage])).toEqual([
      ["tax-1", "10"],
      ["tax-2", "10"],
      ["tax-3", "20"],
    ]);
    expect(order.line_items.map((line) => line.applied_taxes ?? [])).toEqual([
      [{ tax_uid: "tax-1" }],
      [{ tax_uid: "tax-2" }],
      [{ tax_uid: "tax-3" }],
      [],
    ]);
    expect(order.service_charges).toEqual([
      {
        uid: "tax-rounding",
        name: "Tax rounding",
        amount_money: { amount: 1, currency: "USD" },
        calculation_phase: "TOTAL_PHASE",
        taxable: false,
      },
    ]);
    // Square's total: lines 5 + 15 + 3702 + 2000, taxes 0 + 2 + 740, rounding 1 = ours.
    expect(5 + 15 + 3702 + 2000 + 0 + 2 + 740 + 1).toBe(invoice.totalMinor);
    const { requests } = await newRequests(async () =>
      (await gatewayFor()).sendInvoice(sendInput(invoice).input),
    );
    const sent = requests.find((request) => routeOf(request) === "POST /v2/orders");
    expect(bodyOf(sent)).toMatchObject({ order: { service_charges: order.service_charges } });
  });

  it("refuses an invoice in a currency no active location bills in, before creating anything", async () => {
    const { result: error, requests } = await newRequests(async () =>
      rejectionOf((await gatewayFor()).sendInvoice(sendInput(invoiceOf({ currency: "GBP" })).input)),
    );
    expect(error).toMatchObject({ type: "invalid_request", retryable: false });
    expect(error.message).toBe("No active Square location bills in GBP (locations bill in USD)");
    expect(requests.map(routeOf)).toEqual(["GET /v2/locations"]);
  });

  it("reports what Prism rejects as invalid_request (422), without retrying", async () => {
    const server = await square();
    const rejectionsBefore = server.rejections.length;
    const tooLong = invoiceOf({ number: "N".repeat(192) }); // Square allows 191 characters
    const { result: error, requests } = await newRequests(async () =>
      rejectionOf((await gatewayFor()).sendInvoice(sendInput(tooLong).input)),
    );
    expect(error).toMatchObject({ type: "invalid_request", status: 422, retryable: false });
    expect(requests.filter((request) => routeOf(request) === "POST /v2/invoices")).toHaveLength(1);
    const deliberate = server.rejections.splice(rejectionsBefore);
    expect(deliberate).toEqual([expect.objectContaining({ path: "/v2/invoices", status: 422 })]);
    expect(JSON.stringify(deliberate[0]?.body)).toMatch(
      /invoice\.invoice_number must NOT have more than 191/,
    );
  });

  it("classifies Square's own errors: 401 auth, 400 invalid_request with the detail, 429 retried", async () => {
    const server = await square();
    const gateway = await gatewayFor();
    const status = () => gateway.fetchInvoiceStatus({ externalId: exampleInvoiceId, currency: "USD" });
    server.failNext(
      1,
      401,
      {},
      {
        errors: [
          {
            category: "AUTHENTICATION_ERROR",
            code: "UNAUTHORIZED",
            detail: "This request could not be authorized.",
          },
        ],
      },
    );
    expect(await rejectionOf(status())).toMatchObject({
      type: "auth",
      status: 401,
      message: "This request could not be authorized.",
    });
    server.failNext(
      1,
      400,
      {},
      {
        errors: [
          {
            category: "INVALID_REQUEST_ERROR",
            code: "INVALID_VALUE",
            detail: "Invalid invoice id.",
            field: "invoice_id",
          },
        ],
      },
    );
    expect(await rejectionOf(status())).toMatchObject({
      type: "invalid_request",
      status: 400,
      retryable: false,
      message: "Invalid invoice id.",
    });
    server.failNext(1, 429, { "retry-after": "1" });
    const started = performance.now();
    const { result, requests } = await newRequests(status);
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
    expect(requests).toHaveLength(2);
    expect(result).toEqual({
      externalId: exampleInvoiceId,
      status: "draft",
      externalNumber: "inv-100",
      hostedUrl: undefined,
      paidAt: undefined,
      paymentMethod: undefined,
      asOf: new Date("2020-06-18T17:45:13Z"),
    });
  });

  it("normalises every Square status; a paid invoice's last update stands for its payment time", () => {
    const example = spec.components.schemas.GetInvoiceResponse?.example?.invoice ?? {};
    const expected: Record<string, string> = {
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
    for (const [status, normalised] of Object.entries(expected)) {
      expect([status, squareStateOf({ ...example, status }).status]).toEqual([status, normalised]);
    }
    expect(squareStateOf({ ...example, status: "PAID", updated_at: "2025-03-11T10:00:00Z" })).toMatchObject({
      paidAt: new Date("2025-03-11T10:00:00Z"),
      paymentMethod: "square",
      asOf: new Date("2025-03-11T10:00:00Z"),
    });
  });

  it("sent nothing else that Square's spec rejects", async () => {
    const server = await square();
    expect(server.requests.length).toBeGreaterThan(20);
    expect(server.rejections).toEqual([]);
  });
});
