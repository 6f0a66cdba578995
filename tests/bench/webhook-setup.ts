import { randomUUID } from "node:crypto";
import { and, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { getAuth } from "@/server/auth";
import { prepareDatabase } from "@/server/boot";
import { getDb } from "@/server/db/client";
import { integrations, webhookEvents } from "@/server/db/schema";
import { sealJson } from "@/server/vault/envelope";
import { credentialsPurpose } from "@/server/vault/purposes";

/** A tenant with one Stripe integration whose webhook signing secret is known to the bench. */
export async function createBenchIntegration(signingSecret: string) {
  await prepareDatabase();
  const auth = await getAuth();
  const owner = await auth.api.signUpEmail({
    body: { name: "Bench", email: `bench-${randomUUID()}@bench.example`, password: "bench-password-1" },
  });
  const tenant = await auth.api.createOrganization({
    body: { name: "Bench", slug: `bench-${randomUUID().slice(0, 8)}`, userId: owner.user.id },
  });
  if (!tenant) throw new Error("bench tenant not created");
  const id = randomUUID();
  const credentials = { secretKey: "sk_test_bench", webhookSigningSecret: signingSecret };
  await (await getDb()).insert(integrations).values({
    id,
    tenantId: tenant.id,
    providerId: "stripe",
    name: "Bench Stripe",
    status: "active",
    credentials: sealJson(credentials, { tenantId: tenant.id, rowId: id, purpose: credentialsPurpose }),
  });
  return id;
}

export async function countStored(integrationId: string) {
  const [row] = await (await getDb())
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEvents)
    .where(eq(webhookEvents.integrationId, integrationId));
  return Number(row?.n ?? 0);
}

/** Waits until the events received since `from` are processed, then the p50/p99 of receipt -> processed. */
export async function processingLatency(integrationId: string, from: Date, maxWaitSeconds = 60) {
  const db = await getDb();
  for (let waited = 0; waited < maxWaitSeconds; waited++) {
    const [pending] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.integrationId, integrationId),
          gte(webhookEvents.receivedAt, from),
          isNull(webhookEvents.processedAt),
        ),
      );
    if (Number(pending?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const rows = await db
    .select({
      ms: sql<number>`extract(epoch from ${webhookEvents.processedAt} - ${webhookEvents.receivedAt}) * 1000`,
    })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.integrationId, integrationId),
        gte(webhookEvents.receivedAt, from),
        isNotNull(webhookEvents.processedAt),
      ),
    );
  const sorted = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), count: sorted.length };
}
