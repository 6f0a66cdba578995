import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripeGateway } from "@/server/providers/gateways/stripe";
import type { InvoiceDocument } from "@/server/providers/invoicing";
import { gatewayContext } from "../helpers/gateway-context";
import { rejectionOf } from "../helpers/providers/gateway-cases";
import { type StripeServer, startStripeServer, stripeEvent } from "../helpers/providers/stripe-server";

const key = "sk_test_51StandInSelfTest0001";
const otherKey = "sk_test_51StandInSelfTest0002";

/** The official SDK pointed at the stand-in the way the gateway points it (fetch client, host/port/protocol). */
function sdk(server: StripeServer, options: Stripe.StripeConfig = {}, secretKey = key): Stripe {
  const base = new URL(server.url);
  return new Stripe(secretKey, {
    host: base.hostname,
    port: base.port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
    httpClient: Stripe.createFetchHttpClient(),
    ...options,
  });
}

/** What an SDK call rejected with, or a failure if it resolved. */
async function stripeErrorOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Stripe.errors.StripeError);
  return outcome.error as Stripe.errors.StripeError;
}

/** A header of the answer the SDK got (the fetch client exposes a Headers object). */
function responseHeader(response: { lastResponse: { headers: unknown } }, name: string): string | undefined {
  const headers = response.lastResponse.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return (headers as Record<string, string | undefined>)[name];
}

// The SDK types the newest API version's shapes; the stand-in answers with the spec's (2023-08-16).
type Legacy = { paid?: boolean; paid_out_of_band?: boolean; payment_intent?: string | null };

describe("the Stripe stand-in, driven through the official SDK", () => {
  let server: StripeServer;
  const servers: StripeServer[] = [];
  const start = async (options: Partial<Parameters<typeof startStripeServer>[0]> = {}) => {
    const started = await startStripeServer({ apiKeys: [key, otherKey], ...options });
    servers.push(started);
    return started;
  };
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    for (const started of servers) await started.close();
  });

  async function draftInvoice(stripe: Stripe, email: string) {
    const customer = await stripe.customers.create({ name: "Ada Lovelace", email });
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      currency: "eur",
      collection_method: "send_invoice",
      days_until_due: 30,
      auto_advance: false,
      pending_invoice_items_behavior: "exclude",
      description: "Consulting, March",
      custom_fields: [{ name: "Invoice number", value: "INV-0042" }],
      metadata: { plugboard_invoice_id: "inv-42", plugboard_invoice_number: "INV-0042" },
    });
    return { customer, invoice };
  }

  it("create → items → finalize → send yields an open, numbered invoice with the items' total", async () => {
    const stripe = sdk(server);
    const before = { ...server.created };
    expect((await stripe.customers.list({ email: "ada@example.com", limit: 1 })).data).toEqual([]);
    const { customer, invoice } = await draftInvoice(stripe, "ada@example.com");
    expect(customer.id).toMatch(/^cus_[0-9A-Za-z]{14}$/);
    expect(invoice.id).toMatch(/^in_[0-9A-Za-z]{24}$/);
    const found = await stripe.customers.list({ email: "ada@example.com", limit: 1 });
    expect(found.data.map((entry) => entry.id)).toEqual([customer.id]);
    expect((await stripe.customers.list({ email: "someone@example.com" })).data).toEqual([]);

    const line = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      currency: "eur",
      description: "Consulting hours",
      quantity: 3,
      unit_amount_decimal: Stripe.Decimal.from(1250),
    });
    expect(line).toMatchObject({ object: "invoiceitem", amount: 3750, invoice: invoice.id, quantity: 3 });
    expect(line.id).toMatch(/^ii_/);
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      currency: "eur",
      description: "Tax (20%)",
      amount: 750,
    });

    const draft = await stripe.invoices.retrieve(invoice.id);
    expect(draft).toMatchObject({
      status: "draft",
      number: null,
      hosted_invoice_url: null,
      customer: customer.id,
      customer_email: "ada@example.com",
      currency: "eur",
      collection_method: "send_invoice",
      description: "Consulting, March",
      custom_fields: [{ name: "Invoice number", value: "INV-0042" }],
      metadata: { plugboard_invoice_id: "inv-42", plugboard_invoice_number: "INV-0042" },
      subtotal: 4500,
      total: 4500,
      amount_due: 4500,
      amount_remaining: 4500,
    });
    expect(draft.lines.data.map((entry) => entry.amount)).toEqual([3750, 750]);

    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized).toMatchObject({
      status: "open",
      hosted_invoice_url: `https://invoice.stripe.com/i/acct_test/${invoice.id}`,
      invoice_pdf: `https://pay.stripe.com/invoice/acct_test/${invoice.id}/pdf`,
    });
    expect(finalized.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(finalized.status_transitions.finalized_at).toBeGreaterThan(Date.now() / 1000 - 60);

    const sent = await stripe.invoices.sendInvoice(invoice.id);
    expect(sent).toMatchObject({ id: invoice.id, status: "open", total: 4500, number: finalized.number });
    expect(server.sent).toContain(invoice.id);
    expect(server.created).toEqual({
      customers: before.customers + 1,
      invoices: before.invoices + 1,
      invoiceItems: before.invoiceItems + 2,
    });
    expect(server.invoices().find((entry) => entry.id === invoice.id)?.status).toBe("open");

    const again = await stripeErrorOf(stripe.invoices.finalizeInvoice(invoice.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: "invoice_unexpected_state" });
    const lateItem = await stripeErrorOf(
      stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100 }),
    );
    expect(lateItem).toMatchObject({ statusCode: 400, code: "invoice_not_editable" });
  });

  it("refuses to send a draft, and numbers a customer's invoices in sequence", async () => {
    const stripe = sdk(server);
    const { customer, invoice } = await draftInvoice(stripe, "grace@example.com");
    const error = await stripeErrorOf(stripe.invoices.sendInvoice(invoice.id));
    expect(error).toMatchObject({ statusCode: 400, code: "invoice_unexpected_state" });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100 });
    const first = await stripe.invoices.finalizeInvoice(invoice.id);
    const second = await stripe.invoices.create({
      customer: customer.id,
      collection_method: "send_invoice",
      days_until_due: 7,
    });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 100 });
    const secondFinal = await stripe.invoices.finalizeInvoice(second.id);
    expect(first.number?.replace(/-\d+$/, "-0002")).toBe(secondFinal.number);
    const missing = await stripeErrorOf(stripe.invoices.retrieve("in_doesNotExist"));
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("replays an idempotent POST without creating again, and rejects the key with other parameters", async () => {
    const stripe = sdk(server);
    const customer = await stripe.customers.create({ email: "replay@example.com" });
    const params = {
      customer: customer.id,
      currency: "usd",
      collection_method: "send_invoice" as const,
      days_until_due: 14,
    };
    const before = server.created.invoices;
    const first = await stripe.invoices.create(params, { idempotencyKey: "sync-1-invoice" });
    const replay = await stripe.invoices.create(params, { idempotencyKey: "sync-1-invoice" });
    expect(replay.id).toBe(first.id);
    expect(responseHeader(replay, "idempotent-replayed")).toBe("true");
    expect(responseHeader(replay, "original-request")).toBe(first.lastResponse.requestId);
    expect(responseHeader(first, "idempotent-replayed")).toBeUndefined();
    expect(server.created.invoices).toBe(before + 1);
    expect(server.idempotentReplays).toBeGreaterThanOrEqual(1);

    const conflict = await stripeErrorOf(
      stripe.invoices.create({ ...params, days_until_due: 15 }, { idempotencyKey: "sync-1-invoice" }),
    );
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
    expect(conflict.raw).toMatchObject({ type: "idempotency_error" });
    const otherEndpoint = await stripeErrorOf(
      stripe.customers.create({ email: "x@example.com" }, { idempotencyKey: "sync-1-invoice" }),
    );
    expect(otherEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

    // Keys are scoped to the API key: the same key under another secret key is a new request.
    const elsewhere = await sdk(server, {}, otherKey).invoices.create(params, {
      idempotencyKey: "sync-1-invoice",
    });
    expect(elsewhere.id).not.toBe(first.id);
    expect(server.created.invoices).toBe(before + 2);
  });

  it("a create whose answer was lost is replayed when the SDK retries it with its own key", async () => {
    const stripe = sdk(server, { timeout: 300, maxNetworkRetries: 1 });
    const customer = await stripe.customers.create({ email: "lost@example.com" });
    const before = server.created.invoices;
    server.hangNext(1, 2000, { afterHandling: true });
    const invoice = await stripe.invoices.create({ customer: customer.id, auto_advance: false });
    expect(responseHeader(invoice, "idempotent-replayed")).toBe("true");
    expect(server.created.invoices).toBe(before + 1);
    expect(server.invoices().filter((entry) => entry.customer === customer.id)).toHaveLength(1);
  });

  it("answers 429 with Stripe's rate_limit error beyond the window, per API key", async () => {
    const limited = await start({ rateLimit: { requests: 3, perSeconds: 1 } });
    const stripe = sdk(limited);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => stripe.accounts.retrieve(null)),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    const rejected = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(rejected).toHaveLength(2);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ statusCode: 429, code: "rate_limit" });
    }
    expect(limited.rateLimited).toBe(2);
    await expect(sdk(limited, {}, otherKey).accounts.retrieve(null)).resolves.toMatchObject({
      object: "account",
    });
    const times = limited.requestTimes(key);
    expect(times).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.max(...times) + 1050 - Date.now())));
    await expect(stripe.accounts.retrieve(null)).resolves.toMatchObject({ object: "account" });
    expect(limited.rateLimited).toBe(2);
    expect(limited.validationFailures).toEqual([]);
  });

  it("hangNext makes the SDK time out; the next request is answered", async () => {
    const stripe = sdk(server, { timeout: 200 });
    server.hangNext(1, 2000);
    const started = performance.now();
    const error = await stripeErrorOf(stripe.accounts.retrieve(null));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(error.message).toContain("timeout");
    expect(performance.now() - started).toBeLessThan(1500);
    await expect(stripe.accounts.retrieve(null)).resolves.toMatchObject({ object: "account" });
  });

  it("failWhen fails only the matching requests", async () => {
    const stripe = sdk(server);
    const customer = await stripe.customers.create({ email: "flaky@example.com" });
    const before = server.created.invoices;
    server.failWhen((request) => request.method === "POST" && request.path === "/v1/invoices", 500);
    await expect(stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ id: customer.id });
    const error = await stripeErrorOf(stripe.invoices.create({ customer: customer.id }));
    expect(error).toMatchObject({ statusCode: 500 });
    expect(server.created.invoices).toBe(before);
    await expect(stripe.invoices.create({ customer: customer.id })).resolves.toMatchObject({
      status: "draft",
    });
  });

  it("pay, void and mark_uncollectible move invoices as Stripe does, by control and by endpoint", async () => {
    const stripe = sdk(server);
    const open = async () => {
      const { customer, invoice } = await draftInvoice(stripe, "controls@example.com");
      await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 2000 });
      return stripe.invoices.finalizeInvoice(invoice.id);
    };

    const paidAt = new Date("2026-03-01T12:00:00Z");
    const first = await open();
    const paid = server.pay(first.id, { paidAt });
    expect(paid).toMatchObject({ status: "paid", paid: true, amount_paid: 2000, amount_remaining: 0 });
    expect(paid.status_transitions.paid_at).toBe(paidAt.getTime() / 1000);
    expect(paid.payment_intent).toMatch(/^pi_/);
    expect(() => server.voidInvoice(first.id)).toThrow(/void an open or uncollectible/);
    const payload = JSON.stringify(stripeEvent("invoice.paid", paid));
    const secret = "whsec_stand_in_self_test";
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const event = stripe.webhooks.constructEvent(payload, header, secret);
    expect(event).toMatchObject({ type: "invoice.paid", data: { object: { id: first.id, status: "paid" } } });

    const second = await open();
    expect(server.markUncollectible(second.id)).toMatchObject({ status: "uncollectible" });
    const voided = server.voidInvoice(second.id);
    expect(voided.status).toBe("void");
    expect(voided.status_transitions.voided_at).toEqual(expect.any(Number));

    const third = await open();
    const outOfBand = await stripe.invoices.pay(third.id, { paid_out_of_band: true });
    expect(outOfBand as unknown as Legacy).toMatchObject({
      paid: true,
      paid_out_of_band: true,
      payment_intent: null,
    });
    const repay = await stripeErrorOf(stripe.invoices.pay(third.id));
    expect(repay).toMatchObject({ statusCode: 400, code: "invoice_unexpected_state" });

    const fourth = await open();
    await expect(stripe.invoices.markUncollectible(fourth.id)).resolves.toMatchObject({
      status: "uncollectible",
    });
    await expect(stripe.invoices.voidInvoice(fourth.id)).resolves.toMatchObject({ status: "void" });
  });

  it("the gateway's sendInvoice opens the invoice, and a rerun with a lost checkpoint creates nothing", async () => {
    const ctx = await gatewayContext("stripe", server.url, { secretKey: key });
    const invoicing = stripeGateway(ctx).invoicing;
    if (!invoicing) throw new Error("the Stripe gateway has no invoicing");
    const document: InvoiceDocument = {
      id: "inv-gateway-1",
      number: "INV-0100",
      currency: "GBP",
      issueDate: "2026-03-01",
      dueDate: "2099-03-31",
      memo: null,
      subtotalMinor: 3000,
      taxMinor: 600,
      totalMinor: 3600,
      lines: [
        {
          position: 1,
          description: "Widgets",
          quantity: 2,
          unitAmountMinor: 1500,
          taxRateBps: 2000,
          netMinor: 3000,
          taxMinor: 600,
        },
      ],
      customer: {
        id: "cust-gateway-1",
        name: "Widget Co",
        email: "billing@widget.example",
        billingAddress: null,
        externalId: null,
      },
    };
    const before = { ...server.created };
    const checkpoints: Record<string, string>[] = [];
    const run = () =>
      invoicing.sendInvoice({
        invoice: document,
        idempotencyKey: "sync-gateway-1",
        checkpoint: {},
        saveCheckpoint: async (checkpoint) => {
          checkpoints.push(checkpoint);
        },
      });
    const result = await run();
    expect(result).toMatchObject({ status: "open", externalNumber: expect.stringMatching(/-0001$/) });
    expect(result.hostedUrl).toBe(`https://invoice.stripe.com/i/acct_test/${result.externalId}`);
    const stored = server.invoices().find((invoice) => invoice.id === result.externalId);
    expect(stored).toMatchObject({ total: 3600, currency: "gbp", customer_email: "billing@widget.example" });
    const after = { ...server.created };
    expect(after).toEqual({
      customers: before.customers + 1,
      invoices: before.invoices + 1,
      invoiceItems: before.invoiceItems + 2,
    });

    const rerun = await run();
    expect(rerun.externalId).toBe(result.externalId);
    expect(server.created).toEqual(after);
    await expect(
      invoicing.fetchInvoiceStatus({ externalId: result.externalId, currency: "GBP" }),
    ).resolves.toMatchObject({ status: "open" });
    server.pay(result.externalId, { paidAt: new Date("2026-03-05T09:00:00Z") });
    await expect(
      invoicing.fetchInvoiceStatus({ externalId: result.externalId, currency: "GBP" }),
    ).resolves.toMatchObject({
      status: "paid",
      paidAt: new Date("2026-03-05T09:00:00Z"),
      paymentMethod: "stripe",
    });
    await rejectionOf(invoicing.fetchInvoiceStatus({ externalId: "in_missing", currency: "GBP" }));
  });

  it("sent only requests that Stripe's spec accepts", () => {
    for (const started of servers) expect(started.validationFailures).toEqual([]);
  });
});
