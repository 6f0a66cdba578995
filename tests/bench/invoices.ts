// npm run bench:invoices – pushes N invoices for each of M tenants through two real job worker
// processes against a local Stripe that enforces a per-tenant rate limit (scaled down to
// BENCH_RATE per minute so it runs in minutes) and answers 429 beyond it. Prints the achieved
// request rate per tenant as a fraction of the budget, 429s, duplicates, and creation -> synced.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { startStripeServer } from "../helpers/providers/stripe-server";
import { createTestDatabase } from "../helpers/test-database";

const tenantsCount = Number(process.env.BENCH_TENANTS ?? 4);
const invoicesPerTenant = Number(process.env.BENCH_INVOICES ?? 30);
const ratePerMinute = Number(process.env.BENCH_RATE ?? 120);
const workersCount = Number(process.env.BENCH_WORKERS ?? 2);

if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)
  process.env.TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase("bench");
if (!database.env.DATABASE_URL) throw new Error("the invoice bench needs PostgreSQL (TEST_DATABASE_URL)");
const keys = Array.from(
  { length: tenantsCount },
  (_, index) => `sk_test_bench${index}_${randomUUID().slice(0, 8)}`,
);
const stripe = await startStripeServer({
  apiKeys: keys,
  rateLimit: { requests: ratePerMinute, perSeconds: 60 },
});
Object.assign(process.env, {
  ...database.env,
  NODE_ENV: "production",
  SEED_DEMO: "false",
  LOG_LEVEL: "warn",
  ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
  BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
  STRIPE_API_BASE: stripe.url,
  // The limit the stand-in enforces is the budget Plugboard is configured with.
  PROVIDER_RATE_LIMITS: `stripe.perTenant=${ratePerMinute}/60`,
});

const { and, eq, inArray, isNotNull, sql } = await import("drizzle-orm");
const { prepareDatabase } = await import("@/server/boot");
const { getAuth } = await import("@/server/auth");
const { closeDatabase, getDb } = await import("@/server/db/client");
const schema = await import("@/server/db/schema");
const { sealJson } = await import("@/server/vault/envelope");
const { credentialsPurpose } = await import("@/server/vault/purposes");
const { createInvoice } = await import("@/server/services/invoices/write");
const { logger } = await import("@/server/logger");

await prepareDatabase();
const db = await getDb();
const auth = await getAuth();

type BenchTenant = { tenantId: string; key: string; customerId: string };
const tenants: BenchTenant[] = [];
for (const key of keys) {
  const owner = await auth.api.signUpEmail({
    body: { name: "Bench", email: `bench-${randomUUID()}@bench.example`, password: "bench-password-1" },
  });
  const tenant = await auth.api.createOrganization({
    body: { name: "Bench", slug: `bench-${randomUUID().slice(0, 8)}`, userId: owner.user.id },
  });
  if (!tenant) throw new Error("bench tenant not created");
  const integrationId = randomUUID();
  await db.insert(schema.integrations).values({
    id: integrationId,
    tenantId: tenant.id,
    providerId: "stripe",
    name: "Bench Stripe",
    status: "active",
    credentials: sealJson(
      { secretKey: key },
      { tenantId: tenant.id, rowId: integrationId, purpose: credentialsPurpose },
    ),
  });
  await db.insert(schema.entityIntegrationLinks).values({
    tenantId: tenant.id,
    integrationId,
    entityType: "tenant",
    entityId: tenant.id,
    purpose: "invoicing",
    isDefault: true,
  });
  const [customer] = await db
    .insert(schema.customers)
    .values({ tenantId: tenant.id, name: "Bench Customer", email: `ap-${randomUUID()}@customer.example` })
    .returning();
  if (!customer) throw new Error("bench customer not created");
  tenants.push({ tenantId: tenant.id, key, customerId: customer.id });
}

const workers: ChildProcess[] = Array.from({ length: workersCount }, () =>
  spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-main.ts"], {
    env: process.env,
    stdio: ["ignore", "ignore", "inherit"],
  }),
);

console.log(
  `Pushing ${invoicesPerTenant} invoices for each of ${tenantsCount} tenants through ${workersCount} worker processes; ` +
    `the local Stripe allows ${ratePerMinute} requests/min per tenant and answers 429 beyond.`,
);
const started = Date.now();
for (let round = 0; round < invoicesPerTenant; round++) {
  await Promise.all(
    tenants.map((tenant) =>
      createInvoice(
        {
          db,
          tenantId: tenant.tenantId,
          actor: { type: "system", label: "bench", isPlatformAdmin: false },
          ip: null,
          log: logger,
        },
        {
          customerId: tenant.customerId,
          currency: "GBP",
          dueDate: "2099-12-31",
          lines: [
            { description: `Bench line ${round}`, quantity: 2, unitAmountMinor: 1234, taxRateBps: 2000 },
          ],
          send: true,
        },
      ),
    ),
  );
}

const tenantIds = tenants.map((tenant) => tenant.tenantId);
const expected = tenantsCount * invoicesPerTenant;
const deadline = Date.now() + 30 * 60_000;
for (;;) {
  const [row] = await db
    .select({ settled: sql<number>`count(*) filter (where ${schema.invoiceSyncs.status} <> 'pending')::int` })
    .from(schema.invoiceSyncs)
    .where(inArray(schema.invoiceSyncs.tenantId, tenantIds));
  const settled = Number(row?.settled ?? 0);
  process.stdout.write(
    `\r${settled}/${expected} settled after ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (settled >= expected || Date.now() > deadline) break;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
console.log();

const latencies = await db
  .select({
    ms: sql<number>`extract(epoch from ${schema.invoiceSyncs.syncedAt} - ${schema.invoices.createdAt}) * 1000`,
  })
  .from(schema.invoiceSyncs)
  .innerJoin(
    schema.invoices,
    and(
      eq(schema.invoices.id, schema.invoiceSyncs.invoiceId),
      eq(schema.invoices.tenantId, schema.invoiceSyncs.tenantId),
    ),
  )
  .where(and(inArray(schema.invoiceSyncs.tenantId, tenantIds), isNotNull(schema.invoiceSyncs.syncedAt)));
const statuses = await db
  .select({ status: schema.invoiceSyncs.status, n: sql<number>`count(*)::int` })
  .from(schema.invoiceSyncs)
  .where(inArray(schema.invoiceSyncs.tenantId, tenantIds))
  .groupBy(schema.invoiceSyncs.status);
const sorted = latencies.map((row) => Number(row.ms)).sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

const fractions = tenants.map((tenant) => {
  const times = stripe.requestTimes(tenant.key);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? first;
  const minutes = (last - first) / 60_000;
  const perMinute = minutes > 0 ? (times.length - 1) / minutes : Number.NaN;
  return { requests: times.length, perMinute, fraction: perMinute / ratePerMinute };
});
const externalIds = stripe.invoices().map((invoice) => invoice.id);
const sentTwice = stripe.sent.length - new Set(stripe.sent).size;

console.log("\nPer tenant (requests, achieved requests/min, fraction of the budget):");
for (const [index, entry] of fractions.entries()) {
  console.log(
    `  tenant ${index + 1}: ${entry.requests} requests, ${entry.perMinute.toFixed(1)}/min, ${entry.fraction.toFixed(3)} of ${ratePerMinute}/min`,
  );
}
const meanFraction = fractions.reduce((sum, entry) => sum + entry.fraction, 0) / fractions.length;
console.log(`Budget used (mean of tenants): ${meanFraction.toFixed(3)}  (target >= 0.9)`);
console.log(`429 answers from the provider: ${stripe.rateLimited}  (target 0)`);
console.log(
  `Invoices created at the provider: ${stripe.created.invoices} for ${expected} invoices; duplicates: ${stripe.created.invoices - expected}; sent twice: ${sentTwice}  (target 0)`,
);
console.log(`Customers created at the provider: ${stripe.created.customers} for ${tenantsCount} customers`);
console.log(`Sync statuses: ${statuses.map((row) => `${row.status} ${row.n}`).join(", ")}`);
console.log(
  `Creation -> synced: p50 ${(at(0.5) / 1000).toFixed(1)} s, p99 ${(at(0.99) / 1000).toFixed(1)} s (queued behind the budget by design)`,
);
console.log(
  `Spec violations in requests: ${stripe.validationFailures.length}; distinct invoice ids: ${new Set(externalIds).size}`,
);

for (const worker of workers) worker.kill("SIGTERM");
await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve))));
await closeDatabase();
await stripe.close();
await database.drop();
process.exit(0);
