import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[integrationId]/route";
import { getDb } from "@/server/db/client";
import { integrations, organization } from "@/server/db/schema";
import { sealJson } from "@/server/vault/envelope";
import { credentialsPurpose } from "@/server/vault/purposes";

const signingSecret = "whsec_security_intake_fixture";

/** A connected Stripe integration of a fresh tenant, stored as the connect wizard stores it. */
async function stripeIntegration() {
  const db = await getDb();
  const tenantId = randomUUID();
  await db.insert(organization).values({
    id: tenantId,
    name: "Intake Tenant",
    slug: `intake-${tenantId.slice(0, 8)}`,
    createdAt: new Date(),
  });
  const id = randomUUID();
  const credentials = {
    secretKey: "sk_test_securityIntake00000000004242",
    webhookSigningSecret: signingSecret,
  };
  await db.insert(integrations).values({
    id,
    tenantId,
    providerId: "stripe",
    name: "Stripe",
    status: "active",
    credentials: sealJson(credentials, { tenantId, rowId: id, purpose: credentialsPurpose }),
  });
  return id;
}

const post = (integrationId: string, init: { body: BodyInit; headers: Record<string, string> }) =>
  webhookRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/stripe/${integrationId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...init.headers },
      body: init.body,
      // A stream body needs half duplex (fetch spec); harmless for strings.
      duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({ provider: "stripe", integrationId }) },
  );

const stripeEvent = (index: number) =>
  JSON.stringify({
    id: `evt_security_${index}_${randomUUID().slice(0, 8)}`,
    object: "event",
    type: "invoice.paid",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `in_security_${index}` } },
  });

describe("inbound webhooks under attack", () => {
  let integrationId: string;
  beforeAll(async () => {
    integrationId = await stripeIntegration();
  });

  // PostgreSQL only: against the embedded database, which runs inside the test's own process with no
  // network I/O between them, the senders' closed loops never yield to the signed events' timers.
  it.skipIf(!process.env.DATABASE_URL)(
    "an unsigned flood does not make a single correctly signed Stripe event wait (no 429 for signed)",
    async () => {
      const unsignedStatuses: number[] = [];
      const unsigned = () =>
        post(integrationId, {
          body: stripeEvent(-1),
          headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
        }).then((response) => unsignedStatuses.push(response.status));
      // An opening burst larger than the integration's whole inbound burst (200), then a steady flood
      // far above its sustained rate (50/s) from 6 senders for as long as the signed events arrive.
      await Promise.all(Array.from({ length: 300 }, unsigned));
      let flooding = true;
      const flood = Array.from({ length: 6 }, async () => {
        while (flooding) await unsigned();
      });
      const signedStatuses: number[] = [];
      try {
        for (let index = 0; index < 15; index++) {
          const payload = stripeEvent(index);
          const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: signingSecret });
          const response = await post(integrationId, {
            body: payload,
            headers: { "stripe-signature": header },
          });
          signedStatuses.push(response.status);
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      } finally {
        flooding = false;
        await Promise.all(flood);
      }
      expect(signedStatuses).toEqual(Array.from({ length: 15 }, () => 200));
      // The flood itself was refused, first 401 and then 429 from its own small budget; never a 500.
      expect(unsignedStatuses.length).toBeGreaterThan(300);
      expect(new Set(unsignedStatuses)).toEqual(new Set([401, 429]));
    },
    60_000,
  );

  it("a chunked 256 MiB body without content-length is refused with 413 after reading little more than 1 MiB", async () => {
    const chunk = new TextEncoder().encode(`{"pad":"${"x".repeat(64 * 1024 - 10)}",`);
    const total = 256 * 1024 * 1024;
    let pulled = 0;
    // Generated lazily: a chunk exists only when the route pulls it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const response = await post(integrationId, { body, headers: {} });
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413, error: "Payload Too Large" });
    // The cap is 1 MiB; what the stream had buffered ahead of the reader may add a few chunks.
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
