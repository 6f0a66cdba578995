import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEmbeddedDatabase } from "@/lib/env";
import { getDb } from "@/server/db/client";
import { webhookEvents } from "@/server/db/schema";
import { createWorld, deliverStandardWebhook, type World } from "../helpers/world";

const EVENTS = 300;

/** A job worker as its own process (`npm run worker`), resolved once it reports ready. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const worker = spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-main.ts"], {
    env: { ...process.env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  worker.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  worker.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await expect.poll(() => output, { timeout: 30_000, interval: 200 }).toContain("worker ready");
  return worker;
}

describe.skipIf(isEmbeddedDatabase())("a worker killed mid-batch", () => {
  let world: World;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    world = await createWorld();
  }, 60_000);

  afterAll(() => {
    for (const worker of workers) worker.kill("SIGKILL");
  });

  const counts = async () => {
    const db = await getDb();
    const [row] = await db
      .select({
        processed: sql<number>`count(*) filter (where ${webhookEvents.status} = 'processed')::int`,
        total: sql<number>`count(*)::int`,
      })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.integrationId, world.integrationA.id),
          eq(webhookEvents.eventType, "invoice.paid"),
          sql`${webhookEvents.body} like '%crash-test%'`,
        ),
      );
    return { processed: Number(row?.processed ?? 0), total: Number(row?.total ?? 0) };
  };

  it("is killed with SIGKILL while processing; after a restart every stored event is processed exactly once", async () => {
    const first = await startWorkerProcess();
    workers.push(first);
    for (let start = 0; start < EVENTS; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, EVENTS - start) }, (_, offset) =>
          deliverStandardWebhook(world.integrationA.id, world.webhookSecretA, {
            type: "invoice.paid",
            timestamp: new Date().toISOString(),
            data: { id: `in_crash-test-${start + offset}` },
          }),
        ),
      );
    }
    await expect
      .poll(async () => (await counts()).processed, { timeout: 60_000, interval: 50 })
      .toBeGreaterThan(20);
    first.kill("SIGKILL");
    await once(first, "exit");
    const killedAt = performance.now();
    const atKill = await counts();
    expect(atKill.total).toBe(EVENTS);
    expect(atKill.processed).toBeLessThan(EVENTS); // the kill landed mid-way

    workers.push(await startWorkerProcess());
    await expect
      .poll(async () => (await counts()).processed, { timeout: 120_000, interval: 100 })
      .toBe(EVENTS);
    // The jobs the killed worker held are found by their stale heartbeat and run again: the last
    // orphan is processed well within 15 s of the kill (worker restart included).
    const recoverySeconds = (performance.now() - killedAt) / 1000;
    console.log(`orphaned webhook jobs recovered ${recoverySeconds.toFixed(1)} s after the kill`);
    expect(recoverySeconds).toBeLessThan(15);

    const db = await getDb();
    const rows = await db
      .select({ attempts: webhookEvents.attempts, status: webhookEvents.status })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.integrationId, world.integrationA.id),
          sql`${webhookEvents.body} like '%crash-test%'`,
        ),
      );
    expect(rows).toHaveLength(EVENTS);
    // A transaction cut off by the kill rolled back; a finished one was never applied again.
    expect(rows.filter((row) => row.attempts !== 1)).toEqual([]);
  }, 240_000);
});
