import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeServer } from "../helpers/providers/stripe-server";

// Void, record payment, draft edits and tenant settings, against this file's own Stripe stand-in.
const stripeKey = "sk_test_invoiceSettle00000000000004242";
const stripe = await startStripeServer({ apiKeys: [stripeKey] });
Object.assign(process.env, { STRIPE_API_BASE: stripe.url, SYNC_RETRY_BASE_SECONDS: "0.2" });

const { and, eq } = await import("drizzle-orm");
const { getDb } = await import("@/server/db/client");
const schema = await import("@/server/db/schema");
const { startWorker, stopWorker } = await import("@/server/jobs/worker");
const { applyStatusUpdate } = await import("@/server/services/sync/status");
const { invoicePdfResponse } = await import("@/server/services/invoices/download");
const { pdfSupplierOf } = await import("@/server/services/tenants/profile");
const { createWorld, unique } = await import("../helpers/world");
const { restClient } = await import("../helpers/rest");

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
let worker: Awaited<ReturnType<typeof startWorker>>;

// A 1×1 PNG and a JPEG header.
const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==";

const lines = [{ description: "Consulting", quantity: 2, unitAmountMinor: 5000, taxRateBps: 2000 }];

async function newCustomer() {
  return world.ownerA.caller.customers.create({ name: "Settle Customer", email: `${unique("s")}@c.example` });
}

async function sentInvoice() {
  const customer = await newCustomer();
  const invoice = await world.ownerA.caller.invoices.create({
    customerId: customer.id,
    currency: "GBP",
    dueDate: "2099-03-31",
    lines,
    send: true,
  });
  await expect
    .poll(async () => (await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id })).syncs[0]?.status, {
      timeout: 30_000,
      interval: 200,
    })
    .toBe("synced");
  return world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
}

const remoteOf = (externalId: string | null | undefined) =>
  stripe.invoices().find((candidate) => candidate.id === externalId);

async function auditActions(targetId: string) {
  const db = await getDb();
  const rows = await db
    .select({ action: schema.auditLog.action })
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.tenantId, world.tenantA.id), eq(schema.auditLog.targetId, targetId)));
  return rows.map((row) => row.action);
}

async function outboxTypes(invoiceId: string) {
  const db = await getDb();
  const rows = await db
    .select({ type: schema.eventOutbox.type })
    .from(schema.eventOutbox)
    .where(
      and(eq(schema.eventOutbox.tenantId, world.tenantA.id), eq(schema.eventOutbox.subjectId, invoiceId)),
    );
  return rows.map((row) => row.type);
}

beforeAll(async () => {
  world = await createWorld();
  worker = await startWorker();
  const { integration } = await world.ownerA.caller.integrations.connect({
    provider: "stripe",
    name: "Stripe (settle tests)",
    credentials: { secretKey: stripeKey },
  });
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

describe("void", () => {
  it("voids an open invoice at Stripe and here, through the status machine, audited", async () => {
    const invoice = await sentInvoice();
    const voided = await world.ownerA.caller.invoices.void({ invoiceId: invoice.id, reason: "Sent twice" });
    expect(voided.status).toBe("void");
    expect(voided.syncs[0]).toMatchObject({ status: "void", statusSource: "manual" });
    expect(remoteOf(invoice.syncs[0]?.externalId)?.status).toBe("void");
    expect(voided.history[0]).toMatchObject({ source: "manual", action: "status_change", toStatus: "void" });
    expect(voided.history[0]?.message).toBe("Voided by hand: Sent twice. Voided in Stripe");
    expect(await auditActions(invoice.id)).toContain("invoice.voided");
    expect(await outboxTypes(invoice.id)).toContain("invoice.voided");
    await expect(world.ownerA.caller.invoices.void({ invoiceId: invoice.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("refuses drafts, and a Stripe refusal changes nothing here", async () => {
    await expect(
      world.ownerA.caller.invoices.void({ invoiceId: world.draftInvoiceA.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const invoice = await sentInvoice();
    stripe.failWhen((request) => request.path.endsWith("/void"), 400, {}, 1);
    await expect(world.ownerA.caller.invoices.void({ invoiceId: invoice.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const after = await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id });
    expect(after.status).toBe("open");
    expect(after.syncs[0]?.status).toBe("synced");
  });

  it("waits for a push in flight instead of voiding under it", async () => {
    const invoice = await sentInvoice();
    const db = await getDb();
    const where = and(
      eq(schema.invoiceSyncs.tenantId, world.tenantA.id),
      eq(schema.invoiceSyncs.invoiceId, invoice.id),
    );
    await db
      .update(schema.invoiceSyncs)
      .set({ lockedUntil: new Date(Date.now() + 60_000) })
      .where(where);
    await expect(world.ownerA.caller.invoices.void({ invoiceId: invoice.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await db.update(schema.invoiceSyncs).set({ lockedUntil: null }).where(where);
    expect((await world.ownerA.caller.invoices.void({ invoiceId: invoice.id })).status).toBe("void");
  });

  it("voids an invoice with no integration here only", async () => {
    const customer = await world.ownerB.caller.customers.create({
      name: "B",
      email: `${unique("b")}@c.example`,
    });
    const invoice = await world.ownerB.caller.invoices.create({
      customerId: customer.id,
      currency: "GBP",
      dueDate: "2099-03-31",
      lines,
      send: true,
    });
    const voided = await world.ownerB.caller.invoices.void({ invoiceId: invoice.id });
    expect(voided.status).toBe("void");
    expect(voided.syncs).toEqual([]);
  });
});

describe("record payment", () => {
  it("keeps a part payment open, turns paid only when fully paid, and marks Stripe paid out of band", async () => {
    const invoice = await sentInvoice();
    expect(invoice.totalMinor).toBe(12_000);
    const part = await world.ownerA.caller.invoices.recordPayment({
      invoiceId: invoice.id,
      amountMinor: 2_000,
      paidOn: "2026-12-01",
      method: "bank_transfer",
      reference: "BACS 123",
    });
    expect(part.status).toBe("open");
    expect(part).toMatchObject({ amountPaidMinor: 2_000, amountDueMinor: 10_000 });
    expect(remoteOf(invoice.syncs[0]?.externalId)?.status).toBe("open");
    await expect(
      world.ownerA.caller.invoices.recordPayment({
        invoiceId: invoice.id,
        amountMinor: 10_001,
        paidOn: "2026-12-02",
        method: "card",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const paid = await world.ownerA.caller.invoices.recordPayment({
      invoiceId: invoice.id,
      amountMinor: 10_000,
      paidOn: "2026-12-06",
      method: "card",
    });
    expect(paid.status).toBe("paid");
    expect(paid.paidAt?.toISOString().slice(0, 10)).toBe("2026-12-06");
    expect(paid.syncs[0]).toMatchObject({ status: "paid", statusSource: "manual", paymentMethod: "card" });
    expect(remoteOf(invoice.syncs[0]?.externalId)).toMatchObject({ status: "paid", paid_out_of_band: true });
    expect(paid.payments.map((payment) => payment.amountMinor)).toEqual([2_000, 10_000]);
    expect(await auditActions(invoice.id)).toEqual(
      expect.arrayContaining(["invoice.payment_recorded", "invoice.payment_recorded"]),
    );
    const events = await outboxTypes(invoice.id);
    expect(events.filter((type) => type === "payment.received")).toHaveLength(2);
    expect(events.filter((type) => type === "invoice.paid")).toHaveLength(1);
    await expect(
      world.ownerA.caller.invoices.recordPayment({
        invoiceId: invoice.id,
        amountMinor: 1,
        paidOn: "2026-12-06",
        method: "cash",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a payment dated in the future or of an unknown method", async () => {
    const invoice = await sentInvoice();
    await expect(
      world.ownerA.caller.invoices.recordPayment({
        invoiceId: invoice.id,
        amountMinor: 100,
        paidOn: "2999-01-01",
        method: "card",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      world.ownerA.caller.invoices.recordPayment({
        invoiceId: invoice.id,
        amountMinor: 100,
        paidOn: "2026-01-01",
        // @ts-expect-error: not a method
        method: "barter",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("over REST with an API key", () => {
  it("records a payment, voids, and reads and changes the tenant settings", async () => {
    const rest = restClient(() => world.apiKeyA.key);
    const invoice = await sentInvoice();
    const paymentResponse = await rest("POST", `/invoices/${invoice.id}/payments`, {
      amountMinor: 1_000,
      paidOn: "2026-12-01",
      method: "cheque",
    });
    expect(paymentResponse.status).toBe(200);
    expect(await paymentResponse.json()).toMatchObject({ status: "open", amountPaidMinor: 1_000 });
    const refused = await rest("POST", `/invoices/${invoice.id}/payments`, {
      amountMinor: -5,
      paidOn: "x",
      method: "card",
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ statusCode: 400, error: expect.any(String) });
    const voidResponse = await rest("POST", `/invoices/${invoice.id}/void`, {});
    expect(voidResponse.status).toBe(409);
    const other = await sentInvoice();
    const voided = await rest("POST", `/invoices/${other.id}/void`, { reason: "Cancelled order" });
    expect(voided.status).toBe(200);
    expect(await voided.json()).toMatchObject({ status: "void" });
    const settings = await rest("PUT", "/tenant/settings", { name: "Acme Widgets Ltd", taxNumber: "GB999" });
    expect(settings.status).toBe(200);
    expect(await (await rest("GET", "/tenant/settings")).json()).toMatchObject({ taxNumber: "GB999" });
  });
});

describe("draft edit", () => {
  it("replaces a draft's lines and totals; a sent invoice cannot change", async () => {
    const customer = await newCustomer();
    const draft = await world.ownerA.caller.invoices.create({
      customerId: customer.id,
      currency: "GBP",
      dueDate: "2099-03-31",
      lines,
      send: false,
    });
    const edited = await world.ownerA.caller.invoices.updateDraft({
      invoiceId: draft.id,
      currency: "EUR",
      dueDate: "2099-04-30",
      memo: "Edited",
      lines: [{ description: "Design", quantity: 1, unitAmountMinor: 700, taxRateBps: 0 }],
    });
    expect(edited).toMatchObject({ currency: "EUR", dueDate: "2099-04-30", memo: "Edited", totalMinor: 700 });
    expect(edited.lines.map((line) => line.description)).toEqual(["Design"]);
    await world.ownerA.caller.invoices.send({ invoiceId: draft.id });
    await expect(
      world.ownerA.caller.invoices.updateDraft({
        invoiceId: draft.id,
        currency: "EUR",
        dueDate: "2099-04-30",
        lines,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("sync history", () => {
  it("writes one line per real change: a repeated status with nothing new is not a line", async () => {
    const invoice = await sentInvoice();
    const sync = invoice.syncs[0];
    if (!sync) throw new Error("no sync");
    const before = invoice.history.length;
    const db = await getDb();
    const ref = { tenantId: world.tenantA.id, invoiceSyncId: sync.id };
    await applyStatusUpdate(db, ref, { status: "synced", source: "webhook" });
    await applyStatusUpdate(db, ref, {
      status: "synced",
      source: "webhook",
      hostedUrl: sync.hostedUrl ?? undefined,
    });
    expect((await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id })).history).toHaveLength(before);
    await applyStatusUpdate(db, ref, {
      status: "synced",
      source: "webhook",
      message: "payment failed: attempt 1",
    });
    expect((await world.ownerA.caller.invoices.byId({ invoiceId: invoice.id })).history).toHaveLength(
      before + 1,
    );
  });
});

describe("tenant settings", () => {
  it("renames the tenant, stores address, VAT number and logo, and prints them on the PDF", async () => {
    const settings = await world.ownerA.caller.tenants.updateSettings({
      name: "Acme Widgets Ltd",
      businessAddress: "1 High Street\nLondon SW1A 1AA",
      taxNumber: "GB 123 4567 89",
    });
    expect(settings).toMatchObject({ name: "Acme Widgets Ltd", taxNumber: "GB 123 4567 89", logoType: null });
    expect((await world.ownerA.caller.tenants.current()).name).toBe("Acme Widgets Ltd");
    const withLogo = await world.ownerA.caller.tenants.uploadLogo({
      type: "image/png",
      contentBase64: PNG_1PX,
    });
    expect(withLogo.logoType).toBe("image/png");

    const invoice = await world.ownerA.caller.invoices.byId({ invoiceId: world.draftInvoiceA.id });
    const response = await invoicePdfResponse(
      { ...invoice, sync: null },
      await pdfSupplierOf(await getDb(), world.tenantA.id),
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
    expect(text).toContain("Acme Widgets Ltd");
    expect(text).toContain("1 High Street");
    expect(text).toContain("London SW1A 1AA");
    expect(text).toContain("VAT/tax number: GB 123 4567 89");
    expect(new TextDecoder("latin1").decode(bytes)).toMatch(/\/Subtype \/Image/);
    expect(await auditActions(world.tenantA.id)).toEqual(
      expect.arrayContaining(["tenant.settings_updated", "tenant.logo_uploaded"]),
    );
  });

  it("refuses a logo that is not the PNG or JPEG it claims, or too large", async () => {
    await expect(
      world.ownerA.caller.tenants.uploadLogo({ type: "image/jpeg", contentBase64: PNG_1PX }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      world.ownerA.caller.tenants.uploadLogo({
        type: "image/png",
        contentBase64: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>").toString("base64"),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const big = Buffer.concat([Buffer.from(PNG_1PX, "base64"), Buffer.alloc(300 * 1024)]).toString("base64");
    await expect(
      world.ownerA.caller.tenants.uploadLogo({ type: "image/png", contentBase64: big }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A few bytes that claim 15000×15000 pixels: the PDF renderer would decode ~900 MB on every render.
    const huge = Buffer.from(PNG_1PX, "base64");
    huge.writeUInt32BE(15_000, 16);
    huge.writeUInt32BE(15_000, 20);
    await expect(
      world.ownerA.caller.tenants.uploadLogo({ type: "image/png", contentBase64: huge.toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("15000×15000 pixels") });
    await expect(world.memberA.caller.tenants.updateSettings({ name: "Taken over" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
