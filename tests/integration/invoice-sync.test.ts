import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeServer } from "../helpers/providers/stripe-server";

// This file's own Stripe stand-in (stateful, spec-validated, with fault injection and a rate limit),
// and fast retry settings: the environment is read when the server modules load, so they load below.
const stripeKey = "sk_test_invoiceSync000000000000004242";
const stripe = await startStripeServer({ apiKeys: [stripeKey], rateLimit: { requests: 20, perSeconds: 1 } });
Object.assign(process.env, {
  STRIPE_API_BASE: stripe.url,
  SYNC_RETRY_BASE_SECONDS: "0.2",
  SYNC_MAX_ATTEMPTS: "6",
  BREAKER_FAILURE_THRESHOLD: "5",
  BREAKER_OPEN_SECONDS: "2",
  PROVIDER_TIMEOUT_SECONDS: "1.5",
  PROVIDER_RATE_LIMITS: "stripe.perTenant=20/1",
});

const { and, eq } = await import("drizzle-orm");
const { getDb } = await import("@/server/db/client");
const schema = await import("@/server/db/schema");
const { startWorker, stopWorker } = await import("@/server/jobs/worker");
const { reconcileIntegration } = await import("@/server/services/sync/reconcile");
const { logger } = await import("@/server/logger");
const { createWorld, unique } = await import("../helpers/world");

type World = Awaited<ReturnType<typeof createWorld>>;
type Worker = Awaited<ReturnType<typeof startWorker>>;

let world: World;
let worker: Worker;
let stripeIntegrationId: string;

const line = (description: string, unitAmountMinor: number) => ({
  description,
  quantity: 3,
  unitAmountMinor,
  taxRateBps: 2000,
});

async function newCustomer(name = "Sync Customer") {
  return world.ownerA.caller.customers.create({ name, email: `${unique("billing")}@customer.example` });
}

async function sendInvoice(customerId: string, unitAmountMinor = 1234) {
  return world.ownerA.caller.invoices.create({
    customerId,
    currency: "GBP",
    dueDate: "2099-03-31",
    lines: [line("Consulting", unitAmountMinor), line("Travel", 999)],
    send: true,
  });
}

async function syncOf(invoiceId: string) {
  const db = await getDb();
  const [sync] = await db
    .select()
    .from(schema.invoiceSyncs)
    .where(
      and(eq(schema.invoiceSyncs.tenantId, world.tenantA.id), eq(schema.invoiceSyncs.invoiceId, invoiceId)),
    );
  return sync;
}

const settled = (status: string | undefined) => status !== undefined && status !== "pending";

async function waitSettled(invoiceIds: string[], timeout = 60_000) {
  await expect
    .poll(async () => (await Promise.all(invoiceIds.map(syncOf))).every((sync) => settled(sync?.status)), {
      timeout,
      interval: 200,
    })
    .toBe(true);
  return Promise.all(invoiceIds.map(syncOf));
}

beforeAll(async () => {
  world = await createWorld();
  worker = await startWorker();
  const { integration } = await world.ownerA.caller.integrations.connect({
    provider: "stripe",
    name: "Stripe (sync tests)",
    credentials: { secretKey: stripeKey },
  });
  stripeIntegrationId = integration.id;
  // The tenant's default invoicing integration; customer A keeps its own (the custom webhook).
  await world.ownerA.caller.links.link({
    entity_type: "tenant",
    entity_id: world.tenantA.id,
    integrationId: integration.id,
    purpose: "invoicing",
    isDefault: true,
  });
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  expect(stripe.validationFailures).toEqual([]);
  await stripe.close();
});

describe("pushing invoices to Stripe", () => {
  it("creates, finalises and sends the invoice with exact totals, and remembers the customer", async () => {
    const customer = await newCustomer();
    const createdBefore = { ...stripe.created };
    const invoice = await sendInvoice(customer.id);
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{4}$/);
    expect(invoice.totalMinor).toBe(
      3 * 1234 + 3 * 999 + Math.round(3 * 1234 * 0.2) + Math.round(3 * 999 * 0.2),
    );
    const [sync] = await waitSettled([invoice.id]);
    expect(sync?.status).toBe("synced");
    const remote = stripe.invoices().find((candidate) => candidate.id === sync?.externalId);
    expect(remote?.status).toBe("open");
    expect(remote?.total).toBe(invoice.totalMinor);
    expect(sync?.hostedUrl).toBe(remote?.hosted_invoice_url);
    expect(stripe.sent).toContain(sync?.externalId);

    const second = await sendInvoice(customer.id, 500);
    await waitSettled([second.id]);
    expect(stripe.created.customers - createdBefore.customers).toBe(1);
    expect(stripe.created.invoices - createdBefore.invoices).toBe(2);

    const detail = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
    expect(detail.status).toBe("open");
    expect(detail.syncs[0]?.statusSource).toBe("push");
    expect(
      detail.history.some((entry) => entry.action === "status_change" && entry.toStatus === "synced"),
    ).toBe(true);
  });

  it("rides out 500s, a 429 with Retry-After and lost answers without creating any invoice twice", async () => {
    const customer = await newCustomer("Fault Customer");
    const createdBefore = stripe.created.invoices;
    const customersBefore = stripe.created.customers;
    const isInvoiceCreate = (request: { method: string; path: string }) =>
      request.method === "POST" && request.path === "/v1/invoices";
    stripe.failWhen(isInvoiceCreate, 500, {}, 4);
    stripe.failWhen((request) => request.path.endsWith("/finalize"), 429, { "retry-after": "1" }, 2);
    // The provider creates the invoice but the answer never arrives: the retry must get the same one back.
    stripe.hangWhen(isInvoiceCreate, 2_500, 2, { afterHandling: true });
    stripe.hangWhen((request) => request.path.endsWith("/send"), 2_500, 1, { afterHandling: true });
    const invoices = await Promise.all(
      Array.from({ length: 8 }, (_, index) => sendInvoice(customer.id, 100 + index)),
    );
    const syncs = await waitSettled(
      invoices.map((invoice) => invoice.id),
      90_000,
    );
    expect(syncs.map((sync) => sync?.status)).toEqual(Array(8).fill("synced"));
    expect(stripe.created.invoices - createdBefore).toBe(8);
    // Eight first invoices of a new customer at once: the customer is created at Stripe once.
    expect(stripe.created.customers - customersBefore).toBe(1);
    const externalIds = syncs.map((sync) => sync?.externalId);
    expect(new Set(externalIds).size).toBe(8);
    for (const id of externalIds) expect(stripe.sent.filter((sent) => sent === id)).toHaveLength(1);
    expect(Math.max(...syncs.map((sync) => sync?.attempts ?? 0))).toBeGreaterThan(1);
  }, 120_000);

  it("keeps every push inside the shared rate budget: no 429 from the provider", async () => {
    const customer = await newCustomer("Budget Customer");
    const limitedBefore = stripe.rateLimited;
    const invoices = await Promise.all(Array.from({ length: 12 }, () => sendInvoice(customer.id)));
    const syncs = await waitSettled(
      invoices.map((invoice) => invoice.id),
      90_000,
    );
    expect(syncs.every((sync) => sync?.status === "synced")).toBe(true);
    expect(stripe.rateLimited - limitedBefore).toBe(0);
  }, 120_000);

  it("fails at once with the provider's message on a validation error, and succeeds on Sync now", async () => {
    const customer = await newCustomer("Invalid Customer");
    stripe.failWhen((request) => request.method === "POST" && request.path === "/v1/invoices", 400, {}, 1, {
      error: { type: "invalid_request_error", message: "Invalid currency: gbp is not enabled" },
    });
    const invoice = await sendInvoice(customer.id);
    const [sync] = await waitSettled([invoice.id]);
    expect(sync?.status).toBe("failed");
    expect(sync?.attempts).toBe(1);
    expect(sync?.lastError).toContain("Invalid currency");
    const detail = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
    expect(detail.syncs[0]?.lastError).toContain("Invalid currency");

    const requested = await world.ownerA.caller.invoices.syncNow({ invoiceId: invoice.id });
    expect(requested.action).toBe("queued");
    const [retried] = await waitSettled([invoice.id]);
    expect(retried?.status).toBe("synced");
  }, 60_000);

  it("opens the circuit breaker after repeated failures, waits instead of failing, then recovers", async () => {
    const db = await getDb();
    const customer = await newCustomer("Breaker Customer");
    stripe.failWhen(() => true, 503, {}, 200);
    const invoice = await sendInvoice(customer.id);
    await expect
      .poll(
        async () => {
          const [row] = await db
            .select({ openedAt: schema.integrations.breakerOpenedAt })
            .from(schema.integrations)
            .where(eq(schema.integrations.id, stripeIntegrationId));
          return row?.openedAt !== null && row?.openedAt !== undefined;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(true);
    const status = await world.ownerA.caller.invoices.integrationStatus();
    expect(
      status.integrations.find((entry) => entry.integrationId === stripeIntegrationId)?.breaker.state,
    ).toBe("open");
    stripe.clearFaults();
    const [sync] = await waitSettled([invoice.id], 60_000);
    expect(sync?.status).toBe("synced");
    const after = await world.ownerA.caller.invoices.integrationStatus();
    expect(
      after.integrations.find((entry) => entry.integrationId === stripeIntegrationId)?.breaker.state,
    ).toBe("closed");
  }, 120_000);

  it("catches a missed webhook by reconciliation and keeps the invoice with the system it went to", async () => {
    const customer = await newCustomer("Reconcile Customer");
    const invoice = await sendInvoice(customer.id);
    const [sync] = await waitSettled([invoice.id]);
    stripe.pay(sync?.externalId ?? "");
    const report = await reconcileIntegration(
      await getDb(),
      logger,
      { tenantId: world.tenantA.id, integrationId: stripeIntegrationId },
      { force: true },
    );
    expect(report.changed).toBeGreaterThanOrEqual(1);
    const detail = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
    expect(detail.status).toBe("paid");
    expect(detail.syncs[0]?.statusSource).toBe("reconcile");
    expect(detail.paidAt).not.toBeNull();

    // Moving the customer to another integration leaves this invoice where it went.
    await world.ownerA.caller.links.link({
      entity_type: "customer",
      entity_id: customer.id,
      integrationId: world.integrationA.id,
      purpose: "invoicing",
      isDefault: true,
    });
    const moved = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
    expect(moved.syncs.map((entry) => entry.integrationId)).toEqual([stripeIntegrationId]);
  }, 60_000);

  it("numbers invoices per tenant and year without gaps under concurrency", async () => {
    const customer = await newCustomer("Numbering Customer");
    const drafts = await Promise.all(
      Array.from({ length: 10 }, () =>
        world.ownerA.caller.invoices.create({
          customerId: customer.id,
          currency: "GBP",
          issueDate: "2031-05-01",
          dueDate: "2031-05-31",
          lines: [line("Draft", 100)],
          send: false,
        }),
      ),
    );
    expect(drafts.map((draft) => draft.number).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `INV-2031-${String(index + 1).padStart(4, "0")}`),
    );
  });

  it("refuses bad input with field details and never leaves a half-written invoice", async () => {
    const customer = await newCustomer("Validation Customer");
    const before = await world.ownerA.caller.invoices.listForCustomer({
      customerId: customer.id,
      limit: 50,
      offset: 0,
    });
    await expect(
      world.ownerA.caller.invoices.create({
        customerId: customer.id,
        currency: "GBP",
        issueDate: "2030-02-01",
        dueDate: "2030-01-01",
        lines: [line("Backwards", 100)],
        send: true,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      world.ownerA.caller.invoices.create({
        customerId: customer.id,
        currency: "GBP",
        dueDate: "2099-01-01",
        lines: [
          { description: "Huge", quantity: 1_000_000, unitAmountMinor: 100_000_000_000, taxRateBps: 0 },
        ],
        send: true,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const after = await world.ownerA.caller.invoices.listForCustomer({
      customerId: customer.id,
      limit: 50,
      offset: 0,
    });
    expect(after.total).toBe(before.total);
  });
});

/** A draft (never pushed by the worker) and the Stripe gateway of the tenant's default integration. */
async function gatewayAndDocument(customerName: string) {
  const { loadInvoiceDocument } = await import("@/server/services/sync/document");
  const { invoicingGatewayOf } = await import("@/server/services/sync/gateway");
  const db = await getDb();
  const customer = await newCustomer(customerName);
  const draft = await world.ownerA.caller.invoices.create({
    customerId: customer.id,
    currency: "GBP",
    dueDate: "2099-03-31",
    lines: [line("Consulting", 700), line("Travel", 999)],
    send: false,
  });
  const [row] = await db
    .select()
    .from(schema.integrations)
    .where(eq(schema.integrations.id, stripeIntegrationId));
  if (!row) throw new Error("the Stripe integration is missing");
  const document = await loadInvoiceDocument(db, {
    tenantId: world.tenantA.id,
    invoiceId: draft.id,
    integrationId: stripeIntegrationId,
  });
  return { gateway: invoicingGatewayOf(db, logger, row), document };
}

/** A custom-webhook integration of tenant A on a hook receiver of its own. */
async function connectHook(name: string) {
  const { startHookServer } = await import("../helpers/providers/hook-server");
  const hook = await startHookServer({ flavour: "custom_webhook" });
  const { integration } = await world.ownerA.caller.integrations.connect({
    provider: "custom_webhook",
    name,
    credentials: { endpointUrl: hook.hookUrl },
  });
  return { hook, integration };
}

/** A saveCheckpoint that keeps every checkpoint a gateway saves. */
function checkpointRecorder() {
  const saved: Record<string, string>[] = [];
  return {
    saved,
    saveCheckpoint: async (checkpoint: Record<string, string>) => {
      saved.push(checkpoint);
    },
  };
}

describe("what a push does with the unexpected", () => {
  it("resumes a half-added invoice without adding a line twice, even once the idempotency keys are gone", async () => {
    const { gateway, document } = await gatewayAndDocument("Resume Customer");
    const { saved, saveCheckpoint } = checkpointRecorder();
    // The second line is refused once: the first attempt stops with one line added.
    stripe.failWhen(
      (request) => request.path === "/v1/invoiceitems" && request.body.includes("Travel"),
      400,
      {},
      1,
    );
    await expect(
      gateway.sendInvoice({
        invoice: document,
        idempotencyKey: unique("first"),
        checkpoint: {},
        saveCheckpoint,
      }),
    ).rejects.toMatchObject({ type: "invalid_request" });
    const checkpoint = saved.at(-1) ?? {};
    expect(checkpoint.invoiceId).toMatch(/^in_/);
    // A new key (as after Stripe's 24 h key expiry): the line already there is recognised, not re-added.
    const result = await gateway.sendInvoice({
      invoice: document,
      idempotencyKey: unique("second"),
      checkpoint,
      saveCheckpoint,
    });
    const remote = stripe.invoices().find((candidate) => candidate.id === result.externalId);
    expect(remote?.lines.data).toHaveLength(document.lines.length + 1);
    expect(remote?.total).toBe(document.totalMinor);
    expect(result.status).toBe("open");
  });

  it("never finalises a Stripe draft whose total differs from the invoice", async () => {
    const { gateway, document } = await gatewayAndDocument("Mismatch Customer");
    const { saved, saveCheckpoint } = checkpointRecorder();
    const tampered = { ...document, totalMinor: document.totalMinor + 1 };
    await expect(
      gateway.sendInvoice({
        invoice: tampered,
        idempotencyKey: unique("mismatch"),
        checkpoint: {},
        saveCheckpoint,
      }),
    ).rejects.toMatchObject({ type: "conflict", retryable: false });
    const remote = stripe.invoices().find((candidate) => candidate.id === saved.at(-1)?.invoiceId);
    expect(remote?.status).toBe("draft");
  });

  it("a spent call budget stays a wait, not a provider outage", async () => {
    const { BudgetExhausted } = await import("@/server/ratelimit/provider-budget");
    const { stripeGateway } = await import("@/server/providers/gateways/stripe");
    const { gatewayContext } = await import("../helpers/gateway-context");
    const context = await gatewayContext("stripe", stripe.url, { secretKey: stripeKey });
    const gateway = stripeGateway({
      ...context,
      throttle: async () => {
        throw new BudgetExhausted("stripe test", 1500);
      },
    });
    await expect(
      gateway.invoicing?.fetchInvoiceStatus({ externalId: "in_missing", currency: "GBP" }),
    ).rejects.toBeInstanceOf(BudgetExhausted);
  });

  it("a refusal during the half-open trial closes the breaker: the provider answered", async () => {
    const { admitCall, breakerOutcomeOf, breakerView, recordCallOutcome } = await import(
      "@/server/ratelimit/breaker"
    );
    const { ProviderError } = await import("@/server/providers/errors");
    const { hook, integration } = await connectHook("Hook (breaker)");
    const db = await getDb();
    const ref = { tenantId: world.tenantA.id, integrationId: integration.id };
    const stateOf = async () => {
      const [row] = await db
        .select()
        .from(schema.integrations)
        .where(eq(schema.integrations.id, integration.id));
      if (!row) throw new Error("integration missing");
      return breakerView(row).state;
    };
    for (let i = 0; i < 5; i++)
      await recordCallOutcome(db, ref, breakerOutcomeOf(new ProviderError("unavailable", "down")));
    expect(await stateOf()).toBe("open");
    // Wait out the open period (BREAKER_OPEN_SECONDS=2 here), then the one trial call is a refusal.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await stateOf()).toBe("half_open");
    await admitCall(db, ref);
    await recordCallOutcome(db, ref, breakerOutcomeOf(new ProviderError("invalid_request", "bad input")));
    expect(await stateOf()).toBe("closed");
    await hook.close();
  });

  it("moves a failed push off a disconnected integration to the customer's current one on Sync now", async () => {
    const { hook, integration: old } = await connectHook("Hook (soon gone)");
    // The endpoint answers the invoice with nonsense: the push fails for good.
    hook.answer = (event) => (event.type === "invoice.created" ? { status: 42 } : undefined);
    const customer = await newCustomer("Moving Customer");
    await world.ownerA.caller.links.link({
      entity_type: "customer",
      entity_id: customer.id,
      integrationId: old.id,
      purpose: "invoicing",
      isDefault: true,
    });
    const invoice = await sendInvoice(customer.id);
    const [failed] = await waitSettled([invoice.id]);
    expect(failed?.status).toBe("failed");
    expect(failed?.integrationId).toBe(old.id);
    await world.ownerA.caller.integrations.disconnect({ integrationId: old.id });

    const answer = await world.ownerA.caller.invoices.syncNow({ invoiceId: invoice.id });
    expect(answer.action).toBe("queued");
    expect(answer.message).toContain("Hook (soon gone) is not connected");
    await expect
      .poll(
        async () => {
          const detail = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
          return detail.syncs.map(
            (sync) => `${sync.integrationId === stripeIntegrationId ? "default" : "old"}:${sync.status}`,
          );
        },
        { timeout: 30_000, interval: 200 },
      )
      .toEqual(["default:synced", "old:failed"]);
    await hook.close();
  });
});
