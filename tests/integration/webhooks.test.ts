import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import type { PgBoss } from "pg-boss";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[integrationId]/route";
import { getDb } from "@/server/db/client";
import { webhookEvents } from "@/server/db/schema";
import { startWorker, stopWorker } from "@/server/jobs/worker";
import { stripeTestKey } from "../helpers/fixtures";
import { createWorld, deliverStandardWebhook, type World } from "../helpers/world";

let world: World;
let worker: PgBoss;
beforeAll(async () => {
  world = await createWorld();
  worker = await startWorker();
});
afterAll(async () => stopWorker(worker));

const post = (provider: string, integrationId: string, body: string, headers: Record<string, string>) =>
  webhookRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/${provider}/${integrationId}`, {
      method: "POST",
      headers,
      body,
    }),
    {
      params: Promise.resolve({ provider, integrationId }),
    },
  );
const eventsOf = async (integrationId: string) =>
  (await getDb()).select().from(webhookEvents).where(eq(webhookEvents.integrationId, integrationId));
const event = (type: string) => ({ type, timestamp: new Date().toISOString(), data: { id: randomUUID() } });

describe("inbound webhooks: verify, store once, process", () => {
  it("a signed event is stored, acknowledged and processed (ignored: no handler for its type)", async () => {
    const { id } = await deliverStandardWebhook(
      world.integrationA.id,
      world.webhookSecretA,
      event("customer.updated"),
    );
    await expect
      .poll(async () => (await eventsOf(world.integrationA.id)).find((row) => row.id === id)?.status, {
        timeout: 15_000,
      })
      .toBe("ignored");
  });

  it("a duplicate delivery is acknowledged, counted, and not stored or processed again", async () => {
    const body = event("invoice.sent");
    const first = await deliverStandardWebhook(
      world.integrationA.id,
      world.webhookSecretA,
      body,
      "msg_fixed_duplicate",
    );
    const again = await deliverStandardWebhook(
      world.integrationA.id,
      world.webhookSecretA,
      body,
      "msg_fixed_duplicate",
    );
    expect(again).toMatchObject({ duplicate: true, id: first.id });
    const [row] = (await eventsOf(world.integrationA.id)).filter((candidate) => candidate.id === first.id);
    expect(row?.duplicateCount).toBe(1);
  });

  it("duplicate storm: 100 events delivered 10 times each, concurrently → exactly 100 stored, each processed once", async () => {
    const before = (await eventsOf(world.integrationA.id)).length;
    const events = Array.from({ length: 100 }, (_, index) => ({
      messageId: `msg_storm_${index}_${randomUUID()}`,
      body: event("invoice.paid"),
    }));
    const deliveries = events.flatMap((item) => Array.from({ length: 10 }, () => item));
    const results = await Promise.all(
      deliveries.map((item) =>
        deliverStandardWebhook(world.integrationA.id, world.webhookSecretA, item.body, item.messageId),
      ),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(100);
    const stored = (await eventsOf(world.integrationA.id)).length - before;
    expect(stored).toBe(100);
    await expect
      .poll(
        async () =>
          (await getDb())
            .select({ n: sql<number>`count(*)::int` })
            .from(webhookEvents)
            .where(
              and(
                eq(webhookEvents.integrationId, world.integrationA.id),
                eq(webhookEvents.status, "received"),
              ),
            )
            .then((rows) => rows[0]?.n),
        { timeout: 60_000 },
      )
      .toBe(0);
    const storm = (await eventsOf(world.integrationA.id)).filter((row) =>
      row.dedupKey.startsWith("msg_storm_"),
    );
    expect(storm.every((row) => row.attempts === 1 && row.duplicateCount === 9)).toBe(true);
  }, 90_000);

  it("bad signatures, stale timestamps and missing headers are 401 and store nothing", async () => {
    const before = (await eventsOf(world.integrationA.id)).length;
    const body = JSON.stringify(event("invoice.paid"));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const cases: Record<string, string>[] = [
      {
        "webhook-id": "msg_1",
        "webhook-timestamp": timestamp,
        "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      },
      {
        "webhook-id": "msg_2",
        "webhook-timestamp": String(Number(timestamp) - 3600),
        "webhook-signature": "v1,AAAA",
      },
      { "webhook-id": "msg_3" },
    ];
    for (const headers of cases) {
      const response = await post("custom_webhook", world.integrationA.id, body, {
        "content-type": "application/json",
        ...headers,
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    }
    expect((await eventsOf(world.integrationA.id)).length).toBe(before);
  });

  it("unknown endpoints are 404, oversized bodies 413, non-JSON 400", async () => {
    expect(
      (await post("custom_webhook", randomUUID(), "{}", { "content-type": "application/json" })).status,
    ).toBe(404);
    expect(
      (await post("not_a_provider", world.integrationA.id, "{}", { "content-type": "application/json" }))
        .status,
    ).toBe(404);
    expect(
      (await post("stripe", world.integrationA.id, "{}", { "content-type": "application/json" })).status,
    ).toBe(404);
    expect(
      (
        await post("custom_webhook", world.integrationA.id, "x".repeat(1024 * 1024 + 1), {
          "content-type": "application/json",
        })
      ).status,
    ).toBe(413);
    expect(
      (
        await post("custom_webhook", world.integrationA.id, "a=b", {
          "content-type": "application/x-www-form-urlencoded",
        })
      ).status,
    ).toBe(400);
  });

  it("Stripe events are verified with the signing secret entered with the credentials", async () => {
    const { integration } = await world.ownerB.caller.integrations.connect({
      provider: "stripe",
      credentials: { secretKey: stripeTestKey, webhookSigningSecret: "whsec_plugboard_fixture_signing" },
    });
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll("-", "")}`,
      object: "event",
      type: "invoice.paid",
      created: Math.floor(Date.now() / 1000),
      data: { object: {} },
    });
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: "whsec_plugboard_fixture_signing",
    });
    const accepted = await post("stripe", integration.id, payload, {
      "content-type": "application/json",
      "stripe-signature": header,
    });
    expect(accepted.status).toBe(200);
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    expect(
      (
        await post("stripe", integration.id, payload.replace("invoice.paid", "invoice.voided"), {
          "content-type": "application/json",
          "stripe-signature": forged,
        })
      ).status,
    ).toBe(401);
  });

  it("fuzzed bodies and headers never cause a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 400 }),
        fc.dictionary(
          fc.constantFrom(
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "content-type",
            "stripe-signature",
          ),
          fc.string({ maxLength: 80 }),
        ),
        async (body, headers) => {
          const safe = Object.fromEntries(
            Object.entries(headers).filter(([, value]) => /^[\x20-\x7e]*$/.test(value)),
          );
          for (const provider of ["custom_webhook", "stripe"]) {
            const response = await post(provider, world.integrationA.id, body, {
              "content-type": "application/json",
              ...safe,
            });
            expect(response.status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("inbound rate limit", () => {
  it("a shared Postgres token bucket allows the burst, then answers with a Retry-After", async () => {
    const { takeToken } = await import("@/server/ratelimit/bucket");
    const db = await getDb();
    const key = `test:${randomUUID()}`;
    const decisions = await Promise.all(
      Array.from({ length: 15 }, () => takeToken(db, key, { ratePerSecond: 2, burst: 10 })),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(decisions.find((decision) => !decision.allowed)?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("an integration over its inbound budget gets 429 with Retry-After, nothing stored; an unknown one gets no bucket", async () => {
    const db = await getDb();
    const key = `webhook:${world.integrationA.id}`;
    const stored = (await eventsOf(world.integrationA.id)).length;
    // The budget is spent: no whole token left, and none refills for a while.
    await db.execute(
      sql`insert into rate_buckets (key, tokens, granted, updated_at) values (${key}, -1000, false, now())
          on conflict (key) do update set tokens = -1000, updated_at = now()`,
    );
    const body = JSON.stringify(event("invoice.paid"));
    // Only a verified delivery spends (and is refused by) the integration's budget.
    const messageId = `msg_${randomUUID()}`;
    const sentAt = new Date();
    const refused = await post("custom_webhook", world.integrationA.id, body, {
      "content-type": "application/json",
      "webhook-id": messageId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": new Webhook(world.webhookSecretA).sign(messageId, sentAt, body),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
    expect((await eventsOf(world.integrationA.id)).length).toBe(stored);
    await db.execute(sql`delete from rate_buckets where key = ${key}`);

    const unknown = randomUUID();
    const missing = await post("custom_webhook", unknown, body, { "content-type": "application/json" });
    expect(missing.status).toBe(404);
    const { queryRows } = await import("@/server/db/client");
    const buckets = await queryRows(
      db,
      sql`select key from rate_buckets where key = ${`webhook:${unknown}`}`,
    );
    expect(buckets).toHaveLength(0);
  });

  it("a refused request takes nothing: asking again while refused does not push the next token away", async () => {
    const { takeToken } = await import("@/server/ratelimit/bucket");
    const db = await getDb();
    const key = `test:${randomUUID()}`;
    const policy = { ratePerSecond: 2, burst: 2 };
    expect((await takeToken(db, key, policy)).allowed).toBe(true);
    expect((await takeToken(db, key, policy)).allowed).toBe(true);
    for (let i = 0; i < 20; i++) expect((await takeToken(db, key, policy)).allowed).toBe(false);
    // One token refills in 0.5 s of the time since the burst was spent, refusals or not.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await takeToken(db, key, policy)).allowed).toBe(true);
  });
});
