// npm run bench:webhooks – the webhook route of the production build (`next start`, real Postgres)
// against a bare node:http server doing the same verify + insert, measured in the same run.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import Stripe from "stripe";
import { createTestDatabase } from "../helpers/test-database";
import { startBaseline } from "./webhook-baseline";

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const port = 3310;
const signingSecret = `whsec_${randomBytes(24).toString("base64")}`;
if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)
  process.env.TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase("bench");
const databaseUrl = database.env.DATABASE_URL;
if (!databaseUrl) throw new Error("the webhook bench needs PostgreSQL (TEST_DATABASE_URL)");
Object.assign(process.env, {
  ...database.env,
  NODE_ENV: "production",
  SEED_DEMO: "false",
  LOG_LEVEL: "warn",
  ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
  BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
  BETTER_AUTH_URL: `http://localhost:${port}`,
  WEBHOOK_RATE_PER_SECOND: "1000000",
  WEBHOOK_BURST: "1000000",
});

const { createBenchIntegration } = await import("./webhook-setup");
const integrationId = await createBenchIntegration(signingSecret);
const appUrl = `http://127.0.0.1:${port}/api/webhooks/stripe/${integrationId}`;
const baseline = await startBaseline(databaseUrl, signingSecret);

if (!existsSync(".next/BUILD_ID"))
  spawnSync("npx", ["next", "build"], { stdio: "inherit", env: process.env });
// The recommended production shape on PostgreSQL: web process without jobs, a separate worker.
const app = spawn("npx", ["next", "start", "-p", String(port)], {
  env: { ...process.env, RUN_WORKER: "false" },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
const worker = spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-main.ts"], {
  env: process.env,
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
for (let tries = 0; ; tries++) {
  if (
    await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    )
  )
    break;
  if (tries > 120) throw new Error("the app did not start");
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** One autocannon run posting unique, validly signed Stripe-style events. */
function load(url: string, options: { duration: number; overallRate?: number; connections?: number }) {
  return autocannon({
    url,
    method: "POST",
    connections: options.connections ?? 32,
    duration: options.duration,
    overallRate: options.overallRate,
    requests: [
      {
        setupRequest: (request) => {
          const payload = JSON.stringify({
            id: `evt_${randomUUID().replaceAll("-", "")}`,
            object: "event",
            type: "invoice.paid",
            created: Math.floor(Date.now() / 1000),
            data: { object: { id: "in_bench", status: "paid" } },
          });
          return {
            ...request,
            body: payload,
            headers: {
              "content-type": "application/json",
              "stripe-signature": Stripe.webhooks.generateTestHeaderString({
                payload,
                secret: signingSecret,
              }),
            },
          };
        },
      },
    ],
  });
}

const { countStored, processingLatency } = await import("./webhook-setup");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
// The framework's own cost: the same route for a provider that does not exist answers 404 after
// reading the body, with no database, vault or signature work. No app route can beat this rate.
const floorUrl = `http://127.0.0.1:${port}/api/webhooks/no-such-provider/${integrationId}`;
const rounds: { app: autocannon.Result; base: autocannon.Result; floor: autocannon.Result }[] = [];
for (let round = 1; round <= 3; round++) {
  const appResult = await load(appUrl, { duration: seconds });
  const baseResult = await load(baseline.url, { duration: seconds });
  const floorResult = await load(floorUrl, { duration: Math.max(3, Math.round(seconds / 4)) });
  rounds.push({ app: appResult, base: baseResult, floor: floorResult });
  console.log(
    `round ${round}: app ${Math.round(appResult.requests.average)} req/s, baseline ${Math.round(baseResult.requests.average)} req/s, empty route ${Math.round(floorResult.requests.average)} req/s`,
  );
}
const ok = (result: autocannon.Result) => result["2xx"];
const appRate = median(rounds.map((round) => round.app.requests.average));
const baseRate = median(rounds.map((round) => round.base.requests.average));
console.log("\nthroughput (32 connections, median of 3 interleaved rounds)");
console.log(
  `  app      ${appRate.toFixed(0)} req/s  p50 ${median(rounds.map((r) => r.app.latency.p50))} ms  p99 ${median(rounds.map((r) => r.app.latency.p99))} ms  errors ${rounds.reduce((n, r) => n + r.app.errors + r.app.non2xx, 0)}`,
);
console.log(
  `  baseline ${baseRate.toFixed(0)} req/s  p50 ${median(rounds.map((r) => r.base.latency.p50))} ms  p99 ${median(rounds.map((r) => r.base.latency.p99))} ms  errors ${rounds.reduce((n, r) => n + r.base.errors + r.base.non2xx, 0)}`,
);
const floorRate = median(rounds.map((round) => round.floor.requests.average));
console.log(`  ratio app/baseline ${(appRate / baseRate).toFixed(2)} (target >= 0.25)`);
console.log(
  `  empty route under next start ${floorRate.toFixed(0)} req/s: ratio empty/baseline ${(floorRate / baseRate).toFixed(2)} (the framework's ceiling for the ratio), app/empty ${(appRate / floorRate).toFixed(2)}`,
);
const appAcked = rounds.reduce((n, r) => n + ok(r.app), 0);
const baseAcked = rounds.reduce((n, r) => n + ok(r.base), 0);
console.log(
  `  stored vs acknowledged: app ${await countStored(integrationId)} / ${appAcked}, baseline ${await baseline.stored()} / ${baseAcked}`,
);

// Let the worker drain the backlog of the throughput rounds, so the latency below is the steady state.
await processingLatency(integrationId, new Date(0), 180);
const fixedStart = new Date();
const fixedApp = await load(appUrl, { duration: 10, overallRate: 250, connections: 16 });
const fixedBase = await load(baseline.url, { duration: 10, overallRate: 250, connections: 16 });
console.log(
  `\nfixed 250 req/s for 10 s: app p99 ${fixedApp.latency.p99} ms, baseline p99 ${fixedBase.latency.p99} ms`,
);
const latency = await processingLatency(integrationId, fixedStart);
console.log(
  `receipt -> processed at 250 req/s: p50 ${latency.p50} ms, p99 ${latency.p99} ms over ${latency.count} events (target p99 <= 1000 ms)`,
);

process.kill(-(app.pid ?? 0), "SIGTERM");
process.kill(-(worker.pid ?? 0), "SIGTERM");
await baseline.close();
const { closeDatabase } = await import("@/server/db/client");
await closeDatabase();
await database.drop();
process.exit(0);
