import { execFileSync } from "node:child_process";
import { randomUUID, sign as rsaSign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { and, asc, eq } from "drizzle-orm";
import fc from "fast-check";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// App-level secrets and provider bases are read once, when lib/env loads: set them before any import.
const fixture = await vi.hoisted(async () => {
  const { startLocalProviderServer } = await import("../helpers/providers/local-server");
  /** Invoices the local Xero API knows, by InvoiceID, in Xero's own JSON shape. */
  const xeroInvoices = new Map<string, Record<string, unknown>>();
  const xeroApi = await startLocalProviderServer({
    handle: (request) => {
      const id = /\/api\.xro\/2\.0\/Invoices\/([^/]+)$/.exec(request.path)?.[1];
      const invoice = id ? xeroInvoices.get(decodeURIComponent(id)) : undefined;
      if (request.method !== "GET" || !invoice)
        return { status: 404, body: { Title: "Not Found", Status: 404 } };
      return {
        status: 200,
        body: { Id: "b7a5b0c2-0000-4000-8000-000000000001", Status: "OK", Invoices: [invoice] },
      };
    },
    errorBody: (status) => ({ Title: "Error", Status: status }),
  });
  const { startQuickBooksServer } = await import("../helpers/providers/quickbooks-server");
  const realm = `9130${String(Date.now()).slice(-12)}`;
  const accessToken = "access-token-fixture";
  const quickbooksApi = await startQuickBooksServer({
    realmId: realm,
    companyName: "Acme",
    accessTokens: [accessToken],
  });
  const secrets = {
    XERO_WEBHOOK_KEY: "xero-app-webhook-key-fixture",
    STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_plugboard_connect_fixture",
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: "quickbooks-verifier-token-fixture",
  };
  const previous = {
    XERO_API_BASE: process.env.XERO_API_BASE,
    QUICKBOOKS_API_BASE: process.env.QUICKBOOKS_API_BASE,
    PAYPAL_API_BASE: process.env.PAYPAL_API_BASE,
  };
  Object.assign(process.env, secrets, {
    XERO_API_BASE: xeroApi.url,
    QUICKBOOKS_API_BASE: quickbooksApi.url,
    // On 127.0.0.1, the PayPal verifier may load the test certificate from a local server.
    PAYPAL_API_BASE: "http://127.0.0.1:9",
  });
  return { xeroApi, xeroInvoices, quickbooksApi, realm, accessToken, secrets, previous };
});

import * as integrationRoute from "@/app/api/webhooks/[provider]/[integrationId]/route";
import * as appRoute from "@/app/api/webhooks/[provider]/route";
import { type Db, getDb } from "@/server/db/client";
import {
  eventOutbox,
  type InvoiceSyncStatus,
  integrations,
  invoiceSyncs,
  invoices,
  syncHistory,
  webhookEvents,
} from "@/server/db/schema";
import { currentBoss } from "@/server/jobs/boss";
import { gatewayFactories } from "@/server/providers/gateways";
import { webhookUrlOf } from "@/server/services/integrations/views";
import { createOAuthIntegration } from "@/server/services/oauth/tokens";
import { sealJson } from "@/server/vault/envelope";
import { credentialsPurpose } from "@/server/vault/purposes";
import { inboundHandlers } from "@/server/webhooks/inbound/handlers";
import { processWebhookEvent } from "@/server/webhooks/inbound/process";
import { stripeTestKey } from "../helpers/fixtures";
import { hmacBase64 } from "../helpers/inbound";
import { createWorld, deliverStandardWebhook, unique, type World } from "../helpers/world";

const stripeSecret = "whsec_plugboard_handler_fixture";
const nowSeconds = () => Math.floor(Date.now() / 1000);
const json = { "content-type": "application/json" };

let world: World;
let db: Db;
let tenantId = "";
let stripe: { id: string; externalAccountId: string | null };

beforeAll(async () => {
  world = await createWorld();
  db = await getDb();
  tenantId = world.tenantA.id;
  const { integration } = await world.ownerA.caller.integrations.connect({
    provider: "stripe",
    credentials: { secretKey: stripeTestKey, webhookSigningSecret: stripeSecret },
  });
  stripe = integration;
});
afterAll(async () => {
  Object.assign(process.env, fixture.previous);
  await fixture.xeroApi.close();
  await fixture.quickbooksApi.close();
  await (await currentBoss()?.catch(() => null))?.stop({ graceful: false, close: true });
});

/** An open invoice of customer A pushed to an integration: the invoice and its sync, inserted directly. */
async function trackedInvoice(
  integration: { id: string },
  providerId: string,
  options: { externalId?: string; status?: InvoiceSyncStatus } = {},
) {
  const externalId = options.externalId ?? `ext_${randomUUID().slice(0, 12)}`;
  const [invoice] = await db
    .insert(invoices)
    .values({
      tenantId,
      customerId: world.customerA.id,
      number: unique("WH"),
      status: "open",
      currency: "GBP",
      subtotalMinor: 1000,
      taxMinor: 200,
      totalMinor: 1200,
      issueDate: "2026-01-01",
      dueDate: "2026-02-01",
    })
    .returning();
  if (!invoice) throw new Error("invoice not inserted");
  const [sync] = await db
    .insert(invoiceSyncs)
    .values({
      tenantId,
      invoiceId: invoice.id,
      integrationId: integration.id,
      providerId,
      status: options.status ?? "synced",
      externalId,
      syncedAt: new Date(),
    })
    .returning();
  if (!sync) throw new Error("sync not inserted");
  return { invoice, sync, externalId };
}

/** An integration row with sealed credentials, for providers whose connect would call a real API. */
async function insertIntegration(providerId: string, credentials: Record<string, string>) {
  const id = randomUUID();
  await db.insert(integrations).values({
    id,
    tenantId,
    providerId,
    name: unique(providerId),
    status: "active",
    credentials: sealJson(credentials, { tenantId, rowId: id, purpose: credentialsPurpose }),
  });
  return { id };
}

const syncRow = async (id: string) =>
  (await db.select().from(invoiceSyncs).where(eq(invoiceSyncs.id, id)))[0];
const invoiceRow = async (id: string) => (await db.select().from(invoices).where(eq(invoices.id, id)))[0];
const eventRow = async (id: string) =>
  (await db.select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0];
const historyOf = (syncId: string) =>
  db
    .select()
    .from(syncHistory)
    .where(eq(syncHistory.invoiceSyncId, syncId))
    .orderBy(asc(syncHistory.createdAt));
const outboxOf = (invoiceId: string, type: string) =>
  db
    .select()
    .from(eventOutbox)
    .where(and(eq(eventOutbox.subjectId, invoiceId), eq(eventOutbox.type, type)));

/** Posts to the per-integration route exactly as Next calls it. */
const postTo = (provider: string, integrationId: string, body: string, headers: Record<string, string>) =>
  integrationRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/${provider}/${integrationId}`, {
      method: "POST",
      headers,
      body,
    }),
    { params: Promise.resolve({ provider, integrationId }) },
  );
/** Posts to the app-level route exactly as Next calls it. */
const postApp = (provider: string, body: string, headers: Record<string, string>) =>
  appRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/${provider}`, { method: "POST", headers, body }),
    { params: Promise.resolve({ provider }) },
  );

/** A Stripe invoice event as Stripe sends it (only the fields the handler reads, plus the envelope). */
function stripeEvent(
  type: string,
  invoice: Record<string, unknown> & { id: string },
  options: { created?: number; account?: string } = {},
) {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type,
    created: options.created ?? nowSeconds(),
    ...(options.account ? { account: options.account } : {}),
    livemode: false,
    data: { object: { object: "invoice", ...invoice } },
  };
}

/** Delivers a Stripe event to the Stripe integration's endpoint; returns the stored event's id. */
async function deliverStripe(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripeSecret });
  const response = await postTo("stripe", stripe.id, payload, { ...json, "stripe-signature": header });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; duplicate: boolean };
}

/** Delivers and processes one event, the way the queue would. */
async function deliverAndProcess(event: Record<string, unknown>) {
  const { id } = await deliverStripe(event);
  expect(await processWebhookEvent(db, id)).toBe("processed");
  return id;
}

const paidInvoice = (id: string, paidAt = nowSeconds()) => ({
  id,
  status: "paid",
  number: "PB-0001",
  hosted_invoice_url: `https://invoice.stripe.com/i/${id}`,
  payment_intent: `pi_${id}`,
  status_transitions: { finalized_at: paidAt - 3600, paid_at: paidAt },
});

describe("Stripe invoice events: verified, stored, processed through the status machine", () => {
  it("invoice.paid marks the sync and the invoice paid, with a history row naming the webhook", async () => {
    const { sync, invoice, externalId } = await trackedInvoice(stripe, "stripe");
    const paidAt = nowSeconds() - 120;
    const eventId = await deliverAndProcess(stripeEvent("invoice.paid", paidInvoice(externalId, paidAt)));
    const after = await syncRow(sync.id);
    expect(after).toMatchObject({
      status: "paid",
      statusSource: "webhook",
      paymentMethod: "stripe",
      transactionId: `pi_${externalId}`,
      hostedUrl: `https://invoice.stripe.com/i/${externalId}`,
    });
    expect(after?.paidAt?.getTime()).toBe(paidAt * 1000);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid" });
    const history = await historyOf(sync.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      source: "webhook",
      webhookEventId: eventId,
      action: "status_change",
      fromStatus: "synced",
      toStatus: "paid",
    });
    expect(await eventRow(eventId)).toMatchObject({ status: "processed", attempts: 1 });
    expect((await eventRow(eventId))?.outcome).toContain("synced → paid");
    expect(await outboxOf(invoice.id, "invoice.paid")).toHaveLength(1);
  });

  it("out of order: paid, then a late finalized → stays paid; the late event is recorded as ignored", async () => {
    const { sync, externalId } = await trackedInvoice(stripe, "stripe");
    await deliverAndProcess(stripeEvent("invoice.paid", paidInvoice(externalId)));
    const late = await deliverAndProcess(
      stripeEvent("invoice.finalized", { id: externalId, status: "open" }, { created: nowSeconds() - 600 }),
    );
    expect(await syncRow(sync.id)).toMatchObject({ status: "paid" });
    const history = await historyOf(sync.id);
    expect(history.map((row) => row.action)).toEqual(["status_change", "ignored"]);
    expect(history[1]).toMatchObject({ webhookEventId: late, fromStatus: "paid", toStatus: "synced" });
    expect((await eventRow(late))?.outcome).toMatch(/kept paid/);
  });

  it("payment_failed, then paid → paid; the failure is in the history and emitted once", async () => {
    const { sync, invoice, externalId } = await trackedInvoice(stripe, "stripe");
    const failedId = await deliverAndProcess(
      stripeEvent("invoice.payment_failed", {
        id: externalId,
        status: "open",
        attempt_count: 1,
        next_payment_attempt: nowSeconds() + 86_400,
      }),
    );
    expect(await syncRow(sync.id)).toMatchObject({ status: "synced" });
    await deliverAndProcess(stripeEvent("invoice.paid", paidInvoice(externalId)));
    expect(await syncRow(sync.id)).toMatchObject({ status: "paid" });
    const history = await historyOf(sync.id);
    expect(history[0]).toMatchObject({ webhookEventId: failedId, action: "status_confirmed" });
    expect(history[0]?.message).toMatch(/^payment failed: attempt 1, next attempt /);
    expect(await outboxOf(invoice.id, "payment.failed")).toHaveLength(1);
    expect(await outboxOf(invoice.id, "payment.received")).toHaveLength(1);
  });

  it("paid, then a late payment_failed → stays paid, and no payment.failed is emitted", async () => {
    const { sync, invoice, externalId } = await trackedInvoice(stripe, "stripe");
    await deliverAndProcess(stripeEvent("invoice.paid", paidInvoice(externalId)));
    await deliverAndProcess(stripeEvent("invoice.payment_failed", { id: externalId, attempt_count: 2 }));
    expect(await syncRow(sync.id)).toMatchObject({ status: "paid" });
    expect((await historyOf(sync.id)).map((row) => row.action)).toEqual(["status_change", "ignored"]);
    expect(await outboxOf(invoice.id, "payment.failed")).toHaveLength(0);
  });

  it("voided and marked_uncollectible map to void and uncollectible; void is final", async () => {
    const voided = await trackedInvoice(stripe, "stripe");
    await deliverAndProcess(stripeEvent("invoice.voided", { id: voided.externalId, status: "void" }));
    await deliverAndProcess(stripeEvent("invoice.paid", paidInvoice(voided.externalId)));
    expect(await syncRow(voided.sync.id)).toMatchObject({ status: "void" });
    expect(await invoiceRow(voided.invoice.id)).toMatchObject({ status: "void" });
    const bad = await trackedInvoice(stripe, "stripe");
    await deliverAndProcess(
      stripeEvent("invoice.marked_uncollectible", { id: bad.externalId, status: "uncollectible" }),
    );
    expect(await syncRow(bad.sync.id)).toMatchObject({ status: "uncollectible" });
    // A late payment after write-off still lands: uncollectible is not final.
    await deliverAndProcess(stripeEvent("invoice.payment_succeeded", paidInvoice(bad.externalId)));
    expect(await syncRow(bad.sync.id)).toMatchObject({ status: "paid" });
  });

  it("a duplicate delivery is stored once and applied once, even when processed twice at the same time", async () => {
    const { sync, invoice, externalId } = await trackedInvoice(stripe, "stripe");
    const event = stripeEvent("invoice.paid", paidInvoice(externalId));
    const first = await deliverStripe(event);
    const again = await deliverStripe(event);
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    const statuses = await Promise.all([
      processWebhookEvent(db, first.id),
      processWebhookEvent(db, first.id),
    ]);
    expect(statuses).toEqual(["processed", "processed"]);
    expect(await processWebhookEvent(db, first.id)).toBe("processed");
    expect(await historyOf(sync.id)).toHaveLength(1);
    expect(await outboxOf(invoice.id, "invoice.paid")).toHaveLength(1);
    expect(await eventRow(first.id)).toMatchObject({ attempts: 1, duplicateCount: 1 });
  });

  it("an invoice this integration does not track is processed with a clear outcome; unknown types are ignored", async () => {
    const stray = await deliverStripe(stripeEvent("invoice.paid", paidInvoice("in_not_ours")));
    expect(await processWebhookEvent(db, stray.id)).toBe("processed");
    expect((await eventRow(stray.id))?.outcome).toBe(
      "no invoice with external id in_not_ours in this integration",
    );
    const other = await deliverStripe(stripeEvent("customer.created", { id: "cus_1" }));
    expect(await processWebhookEvent(db, other.id)).toBe("ignored");
    // Another integration's sync with the same external id is not touched.
    const elsewhere = await trackedInvoice(world.integrationA, "custom_webhook", {
      externalId: "in_elsewhere",
    });
    const cross = await deliverStripe(stripeEvent("invoice.paid", paidInvoice("in_elsewhere")));
    expect(await processWebhookEvent(db, cross.id)).toBe("processed");
    expect(await syncRow(elsewhere.sync.id)).toMatchObject({ status: "synced" });
  });
});

describe("two-phase processing", () => {
  it("prepare runs before the transaction (the event row is not locked), and a failed prepare is retried", async () => {
    const handlers = inboundHandlers.custom_webhook;
    if (!handlers) throw new Error("custom webhook handlers missing");
    const seen: string[] = [];
    let failures = 1;
    handlers["test.prepare-probe"] = {
      async prepare(plain, event) {
        // Would fail with "could not obtain lock" if processing held the event row during prepare.
        const rows = await plain.transaction((tx) =>
          tx
            .select({ id: webhookEvents.id })
            .from(webhookEvents)
            .where(eq(webhookEvents.id, event.id))
            .for("update", { noWait: true }),
        );
        seen.push(`prepare ${rows.length}`);
        if (failures-- > 0) throw new Error("provider unavailable");
        return { fetched: "state" };
      },
      async apply(_tx, _event, _payload, prepared) {
        seen.push("apply");
        return `applied ${JSON.stringify(prepared)}`;
      },
    };
    try {
      const { id } = await deliverStandardWebhook(world.integrationA.id, world.webhookSecretA, {
        type: "test.prepare-probe",
        timestamp: new Date().toISOString(),
        data: {},
      });
      await expect(processWebhookEvent(db, id)).rejects.toThrow("provider unavailable");
      expect(await eventRow(id)).toMatchObject({ status: "failed", lastError: "provider unavailable" });
      expect(await processWebhookEvent(db, id)).toBe("processed");
      expect(await eventRow(id)).toMatchObject({ status: "processed", attempts: 2, lastError: null });
      expect((await eventRow(id))?.outcome).toBe('applied {"fetched":"state"}');
      expect(seen).toEqual(["prepare 1", "prepare 1", "apply"]);
    } finally {
      delete handlers["test.prepare-probe"];
    }
  });
});

describe("custom webhook, Square and PayPal invoice events", () => {
  it("custom webhook invoice.paid (Standard Webhooks) marks the invoice paid by their id or ours", async () => {
    const byTheirs = await trackedInvoice(world.integrationA, "custom_webhook");
    const { id } = await deliverStandardWebhook(world.integrationA.id, world.webhookSecretA, {
      type: "invoice.paid",
      timestamp: new Date().toISOString(),
      data: {
        id: byTheirs.externalId,
        paid_at: "2026-01-15T10:00:00.000Z",
        transaction_id: "txn_42",
        payment_method: "bank_transfer",
        hosted_url: "javascript:alert(1)",
      },
    });
    expect(await processWebhookEvent(db, id)).toBe("processed");
    expect(await syncRow(byTheirs.sync.id)).toMatchObject({
      status: "paid",
      transactionId: "txn_42",
      paymentMethod: "bank_transfer",
      hostedUrl: null,
    });
    expect((await syncRow(byTheirs.sync.id))?.paidAt?.toISOString()).toBe("2026-01-15T10:00:00.000Z");
    expect((await historyOf(byTheirs.sync.id))[0]).toMatchObject({ source: "webhook", webhookEventId: id });

    const byOurs = await trackedInvoice(world.integrationA, "custom_webhook");
    const voided = await deliverStandardWebhook(world.integrationA.id, world.webhookSecretA, {
      type: "invoice.updated",
      timestamp: new Date().toISOString(),
      data: { id: byOurs.invoice.id, status: "void" },
    });
    expect(await processWebhookEvent(db, voided.id)).toBe("processed");
    expect(await syncRow(byOurs.sync.id)).toMatchObject({ status: "void" });
  });

  it("Square invoice.payment_made (signed over notification URL + body) marks the invoice paid", async () => {
    const signatureKey = "square-signature-key-fixture";
    const square = await insertIntegration("square", {
      accessToken: "EAAAplugboardfixture",
      webhookSignatureKey: signatureKey,
    });
    const { sync, externalId } = await trackedInvoice(square, "square", {
      externalId: "inv:0-ChA4plugboard",
    });
    const updatedAt = "2026-02-01T09:30:00Z";
    const deliver = async (status: string, eventId: string) => {
      const body = JSON.stringify({
        merchant_id: "MLPLUGBOARD",
        type: "invoice.payment_made",
        event_id: eventId,
        created_at: updatedAt,
        data: {
          type: "invoice",
          id: externalId,
          object: {
            invoice: {
              id: externalId,
              version: status === "PAID" ? 4 : 3,
              status,
              updated_at: updatedAt,
              public_url: "https://squareup.com/pay-invoice/plugboard",
            },
          },
        },
      });
      const signature = hmacBase64(signatureKey, `${webhookUrlOf("square", square.id)}${body}`);
      const response = await postTo("square", square.id, body, {
        ...json,
        "x-square-hmacsha256-signature": signature,
      });
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as { id: string };
      expect(await processWebhookEvent(db, id)).toBe("processed");
      return id;
    };
    const partial = await deliver("PARTIALLY_PAID", randomUUID());
    expect(await syncRow(sync.id)).toMatchObject({ status: "synced" });
    expect((await eventRow(partial))?.outcome).toContain("Square version 3");
    await deliver("PAID", randomUUID());
    expect(await syncRow(sync.id)).toMatchObject({
      status: "paid",
      paymentMethod: "square",
      hostedUrl: "https://squareup.com/pay-invoice/plugboard",
    });
    expect((await syncRow(sync.id))?.paidAt?.toISOString()).toBe("2026-02-01T09:30:00.000Z");
    const forged = await postTo("square", square.id, "{}", {
      ...json,
      "x-square-hmacsha256-signature": "AAAA",
    });
    expect(forged.status).toBe(401);
  });

  describe("PayPal (SHA256withRSA over id|time|webhookId|crc32, certificate from a local server)", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "paypal-handlers-"));
    const webhookId = "1JE4291016473214C";
    let server: Server;
    let certUrl = "";
    let privateKey = "";

    beforeAll(async () => {
      const key = path.join(directory, "signer.key");
      const cert = path.join(directory, "signer.pem");
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=signer.test"].concat([
          "-keyout",
          key,
          "-out",
          cert,
        ]),
        { stdio: "ignore" },
      );
      privateKey = readFileSync(key, "utf8");
      const certificate = readFileSync(cert, "utf8");
      server = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/x-pem-file" }).end(certificate);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      certUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/notifications/certs/CERT-1`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    });

    /** The five PayPal headers for a body, signed the way PayPal does. */
    function paypalHeaders(body: string) {
      const transmissionId = randomUUID();
      const time = new Date().toISOString();
      const crc = zlib.crc32(Buffer.from(body, "utf8")) >>> 0;
      const signature = rsaSign(
        "RSA-SHA256",
        Buffer.from(`${transmissionId}|${time}|${webhookId}|${crc}`),
        privateKey,
      );
      return {
        ...json,
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": time,
        "paypal-transmission-sig": signature.toString("base64"),
        "paypal-cert-url": certUrl,
        "paypal-auth-algo": "SHA256withRSA",
      };
    }

    it("INVOICING.INVOICE.PAID → paid; REFUNDED keeps it paid and is recorded; CANCELLED voids another", async () => {
      const paypal = await insertIntegration("paypal", {
        clientId: "paypal-client-fixture",
        clientSecret: "paypal-secret-fixture",
        environment: "sandbox",
        webhookId,
      });
      const { sync, externalId } = await trackedInvoice(paypal, "paypal", {
        externalId: "INV2-PLUG-BOAR-D000-0001",
      });
      const deliver = async (eventType: string, resource: Record<string, unknown>) => {
        const body = JSON.stringify({
          id: `WH-${randomUUID()}`,
          event_version: "1.0",
          create_time: new Date().toISOString(),
          resource_type: "invoices",
          event_type: eventType,
          resource,
        });
        const response = await postTo("paypal", paypal.id, body, paypalHeaders(body));
        expect(response.status).toBe(200);
        const { id } = (await response.json()) as { id: string };
        expect(await processWebhookEvent(db, id)).toBe("processed");
        return id;
      };
      const invoice = {
        id: externalId,
        status: "PAID",
        detail: {
          invoice_number: "0042",
          metadata: {
            last_update_time: "2026-03-01T12:00:00Z",
            recipient_view_url: "https://www.paypal.com/invoice/p/#INV2PLUG",
          },
        },
        payments: {
          transactions: [{ payment_id: "7TH12345", payment_date: "2026-03-01", method: "PAYPAL" }],
        },
      };
      await deliver("INVOICING.INVOICE.PAID", { invoice });
      expect(await syncRow(sync.id)).toMatchObject({
        status: "paid",
        transactionId: "7TH12345",
        paymentMethod: "paypal",
        hostedUrl: "https://www.paypal.com/invoice/p/#INV2PLUG",
      });
      // Older deliveries put the invoice itself in `resource`.
      await deliver("INVOICING.INVOICE.REFUNDED", {
        ...invoice,
        status: "REFUNDED",
        refunds: { refund_amount: { currency_code: "GBP", value: "12.00" } },
      });
      expect(await syncRow(sync.id)).toMatchObject({ status: "paid" });
      expect((await historyOf(sync.id))[1]?.message).toBe("refunded 12.00 GBP via PayPal (status REFUNDED)");
      const other = await trackedInvoice(paypal, "paypal", { externalId: "INV2-PLUG-BOAR-D000-0002" });
      await deliver("INVOICING.INVOICE.CANCELLED", {
        invoice: { id: other.externalId, status: "CANCELLED" },
      });
      expect(await syncRow(other.sync.id)).toMatchObject({ status: "void" });
    });
  });
});

describe("app-level webhooks: routed by the account the payload names", () => {
  const xeroTenant = randomUUID();
  const realm = fixture.realm;
  let xero: { id: string };
  let quickbooks: { id: string };
  const xeroSigned = (body: string) => ({
    ...json,
    "x-xero-signature": hmacBase64(fixture.secrets.XERO_WEBHOOK_KEY, body),
  });

  beforeAll(async () => {
    const tokenSet = {
      accessToken: fixture.accessToken,
      refreshToken: "refresh-token-fixture",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      tokenType: "Bearer",
    };
    xero = await createOAuthIntegration(db, {
      tenantId,
      providerId: "xero",
      name: unique("Xero"),
      tokenSet,
      externalAccountId: xeroTenant,
    });
    quickbooks = await createOAuthIntegration(db, {
      tenantId,
      providerId: "quickbooks",
      name: unique("QuickBooks"),
      tokenSet,
      externalAccountId: realm,
    });
  });

  it("Xero intent-to-receive: 200 with an empty body when signed, 401 when not (both routes)", async () => {
    const body = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: "QWERTY",
    });
    const accepted = await postApp("xero", body, xeroSigned(body));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe("");
    const rejected = await postApp("xero", body, { ...json, "x-xero-signature": hmacBase64("wrong", body) });
    expect(rejected.status).toBe(401);
    expect((await postTo("xero", xero.id, body, xeroSigned(body))).status).toBe(200);
    expect((await postTo("xero", xero.id, body, { ...json, "x-xero-signature": "bad" })).status).toBe(401);
  });

  it.skipIf(!gatewayFactories.xero)(
    "Xero INVOICE events: each tracked invoice is fetched outside the transaction, then applied",
    async () => {
      const { sync, invoice, externalId } = await trackedInvoice(xero, "xero", { externalId: randomUUID() });
      const untracked = randomUUID();
      fixture.xeroInvoices.set(externalId, {
        InvoiceID: externalId,
        InvoiceNumber: "INV-0042",
        Type: "ACCREC",
        Status: "PAID",
        CurrencyCode: "GBP",
        Total: 12,
        AmountDue: 0,
        AmountPaid: 12,
        FullyPaidOnDate: "/Date(1767225600000+0000)/",
        UpdatedDateUTC: "/Date(1767229200000+0000)/",
        Payments: [{ PaymentID: "0d666415-cf77-43fa-80c7-56775591d426", Amount: 12 }],
      });
      const event = (resourceId: string) => ({
        resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
        resourceId,
        eventDateUtc: "2026-01-01T01:00:00.000",
        eventType: "UPDATE",
        eventCategory: "INVOICE",
        tenantId: xeroTenant,
        tenantType: "ORGANISATION",
      });
      const body = JSON.stringify({
        events: [event(externalId), event(untracked)],
        firstEventSequence: 1,
        lastEventSequence: 2,
        entropy: "ABCDEF",
      });
      const before = fixture.xeroApi.requests.length;
      const response = await postApp("xero", body, xeroSigned(body));
      expect(response.status).toBe(200);
      const { deliveries } = (await response.json()) as {
        deliveries: { integrationId: string; eventId: string }[];
      };
      expect(deliveries.map((delivery) => delivery.integrationId)).toEqual([xero.id]);
      const eventId = deliveries[0]?.eventId ?? "";
      expect(await processWebhookEvent(db, eventId)).toBe("processed");
      expect(await syncRow(sync.id)).toMatchObject({
        status: "paid",
        paymentMethod: "xero",
        transactionId: "0d666415-cf77-43fa-80c7-56775591d426",
      });
      expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid" });
      expect((await eventRow(eventId))?.outcome).toContain(`no invoice with external id ${untracked}`);
      // Only the invoice we track was read from Xero, with the organisation's tenant header.
      const reads = fixture.xeroApi.requests.slice(before);
      expect(reads.map((request) => request.path)).toEqual([`/api.xro/2.0/Invoices/${externalId}`]);
      expect(reads[0]?.headers["xero-tenant-id"]).toBe(xeroTenant);
    },
  );

  it("a Xero delivery naming no connected organisation is acknowledged and stored nowhere", async () => {
    const body = JSON.stringify({
      events: [
        { resourceId: randomUUID(), eventCategory: "INVOICE", eventType: "UPDATE", tenantId: randomUUID() },
      ],
    });
    const response = await postApp("xero", body, xeroSigned(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, deliveries: [] });
  });

  it("Stripe Connect: an event naming the connected account reaches that account's integration", async () => {
    const account = stripe.externalAccountId ?? "";
    expect(account).not.toBe("");
    const { sync, externalId } = await trackedInvoice(stripe, "stripe");
    const payload = JSON.stringify(stripeEvent("invoice.paid", paidInvoice(externalId), { account }));
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: fixture.secrets.STRIPE_CONNECT_WEBHOOK_SECRET,
    });
    const response = await postApp("stripe", payload, { ...json, "stripe-signature": header });
    expect(response.status).toBe(200);
    const { deliveries } = (await response.json()) as {
      deliveries: { integrationId: string; eventId: string }[];
    };
    const mine = deliveries.find((delivery) => delivery.integrationId === stripe.id);
    expect(mine).toBeDefined();
    expect(await processWebhookEvent(db, mine?.eventId ?? "")).toBe("processed");
    expect(await syncRow(sync.id)).toMatchObject({ status: "paid" });
    // The per-integration secret does not sign app-level deliveries.
    const wrong = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripeSecret });
    expect((await postApp("stripe", payload, { ...json, "stripe-signature": wrong })).status).toBe(401);
  });

  it("QuickBooks: a notification for the connected realm is stored and processed for that integration", async () => {
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: realm,
          dataChangeEvent: {
            entities: [
              { name: "Invoice", id: "130", operation: "Update", lastUpdated: "2026-01-05T14:42:19-0700" },
            ],
          },
        },
      ],
    });
    const signature = hmacBase64(fixture.secrets.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN, body);
    const response = await postApp("quickbooks", body, { ...json, "intuit-signature": signature });
    expect(response.status).toBe(200);
    const { deliveries } = (await response.json()) as {
      deliveries: { integrationId: string; eventId: string }[];
    };
    expect(deliveries.map((delivery) => delivery.integrationId)).toEqual([quickbooks.id]);
    const eventId = deliveries[0]?.eventId ?? "";
    expect(await processWebhookEvent(db, eventId)).toBe("processed");
    expect(await eventRow(eventId)).toMatchObject({
      accountRef: realm,
      outcome: "no invoice with external id 130 in this integration",
    });
    expect((await postApp("quickbooks", body, { ...json, "intuit-signature": "AAAA" })).status).toBe(401);
  });

  /** A QuickBooks invoice as the stand-in holds it: paid when its balance is 0. */
  function quickbooksInvoice(id: string, balance: number) {
    fixture.quickbooksApi.invoices.set(id, {
      Id: id,
      DocNumber: `10${id}`,
      TotalAmt: 12,
      Balance: balance,
      CurrencyRef: { value: "GBP" },
      MetaData: { CreateTime: "2026-01-05T09:00:00-08:00", LastUpdatedTime: "2026-01-05T09:00:00-08:00" },
    });
  }
  /** Delivers one legacy change notification for the realm and processes it. */
  async function notifyQuickbooks(entities: { name: string; id: string; operation: string }[]) {
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: realm,
          dataChangeEvent: {
            entities: entities.map((entity) => ({ ...entity, lastUpdated: "2026-01-05T14:42:19.000Z" })),
          },
        },
      ],
    });
    const signature = hmacBase64(fixture.secrets.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN, body);
    const response = await postApp("quickbooks", body, { ...json, "intuit-signature": signature });
    expect(response.status).toBe(200);
    const { deliveries } = (await response.json()) as { deliveries: { eventId: string }[] };
    const eventId = deliveries[0]?.eventId ?? "";
    expect(await processWebhookEvent(db, eventId)).toBe("processed");
    return (await eventRow(eventId))?.outcome ?? "";
  }

  it.skipIf(!gatewayFactories.quickbooks)(
    "QuickBooks Invoice change: read back through the gateway; Delete voids",
    async () => {
      const paid = await trackedInvoice(quickbooks, "quickbooks", { externalId: "131" });
      quickbooksInvoice("131", 0);
      fixture.quickbooksApi.receivePayment("131");
      const deleted = await trackedInvoice(quickbooks, "quickbooks", { externalId: "132" });
      const outcome = await notifyQuickbooks([
        { name: "Invoice", id: "131", operation: "Update" },
        { name: "Invoice", id: "132", operation: "Delete" },
      ]);
      expect(await syncRow(paid.sync.id)).toMatchObject({ status: "paid", paymentMethod: "quickbooks" });
      expect(await syncRow(deleted.sync.id)).toMatchObject({ status: "void" });
      expect(outcome).toContain("invoice 131: synced → paid");
      expect(outcome).toContain("invoice 132: synced → void");
    },
  );

  it.skipIf(!gatewayFactories.quickbooks)(
    "QuickBooks Payment change: without a payment read, the integration's open invoices are re-checked",
    async () => {
      const open = await trackedInvoice(quickbooks, "quickbooks", { externalId: "140" });
      const settled = await trackedInvoice(quickbooks, "quickbooks", { externalId: "141" });
      quickbooksInvoice("140", 12);
      quickbooksInvoice("141", 12);
      fixture.quickbooksApi.receivePayment("141");
      const outcome = await notifyQuickbooks([{ name: "Payment", id: "900", operation: "Create" }]);
      expect(await syncRow(settled.sync.id)).toMatchObject({ status: "paid" });
      expect(await syncRow(open.sync.id)).toMatchObject({ status: "synced" });
      expect(outcome).toMatch(/payment 900 changed; .* 2 open invoices were re-checked \(at most 50\)/);
    },
  );

  it("providers without an app-level endpoint and unknown providers are 404", async () => {
    expect((await postApp("square", "{}", json)).status).toBe(404);
    expect((await postApp("not_a_provider", "{}", json)).status).toBe(404);
    expect((await postApp("constructor", "{}", json)).status).toBe(404);
  });

  it("with the app-level secret unset, the route refuses (404) and never skips verification", async () => {
    for (const name of Object.keys(fixture.secrets)) vi.stubEnv(name, "");
    vi.resetModules();
    try {
      const fresh = await import("@/app/api/webhooks/[provider]/route");
      for (const provider of ["xero", "stripe", "quickbooks"]) {
        const body = JSON.stringify({ events: [{ tenantId: xeroTenant }] });
        const response = await fresh.POST(
          new Request(`http://localhost:3000/api/webhooks/${provider}`, {
            method: "POST",
            headers: { ...xeroSigned(body), "intuit-signature": hmacBase64("", body) },
            body,
          }),
          { params: Promise.resolve({ provider }) },
        );
        expect(response.status).toBe(404);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("fuzzed bodies and headers, signed or not, never cause a 500", async () => {
    const xeroBatch = fc
      .record({
        events: fc.array(
          fc.record({
            tenantId: fc.oneof(fc.constant(xeroTenant), fc.string(), fc.integer(), fc.constant(null)),
            resourceId: fc.oneof(fc.uuid(), fc.string()),
            eventCategory: fc.constantFrom("INVOICE", "CONTACT", ""),
            eventType: fc.constantFrom("CREATE", "UPDATE"),
          }),
          { maxLength: 4 },
        ),
      })
      .map((value) => JSON.stringify(value));
    const quickbooksBatch = fc
      .record({
        eventNotifications: fc.array(
          fc.record({
            realmId: fc.oneof(fc.constant(realm), fc.string(), fc.integer()),
            dataChangeEvent: fc.anything(),
          }),
          { maxLength: 3 },
        ),
      })
      .map((value) => JSON.stringify(value));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("xero", "stripe", "quickbooks", "square", "nope"),
        fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 }), xeroBatch, quickbooksBatch),
        fc.boolean(),
        fc.dictionary(
          fc.constantFrom("x-xero-signature", "stripe-signature", "intuit-signature", "content-type"),
          fc.string({ maxLength: 80 }),
        ),
        async (provider, body, sign, headers) => {
          const printable = Object.fromEntries(
            Object.entries(headers).filter(([, value]) => /^[\x20-\x7e]*$/.test(value)),
          );
          const signatures: Record<string, string> = sign
            ? {
                "x-xero-signature": hmacBase64(fixture.secrets.XERO_WEBHOOK_KEY, body),
                "intuit-signature": hmacBase64(fixture.secrets.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN, body),
                "stripe-signature": Stripe.webhooks.generateTestHeaderString({
                  payload: body,
                  secret: fixture.secrets.STRIPE_CONNECT_WEBHOOK_SECRET,
                }),
              }
            : {};
          const response = await postApp(provider, body, { ...json, ...printable, ...signatures });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });
});
