import { fromPglite, type JobInsert, PgBoss, type Queue, type SendOptions } from "pg-boss";
import type { z } from "zod";
import { env } from "@/lib/env";
import type { DatabaseHandle } from "@/server/db/client";
import { getDatabase } from "@/server/db/client";
import { logger } from "@/server/logger";
import { type QueueName, queueNames, queues } from "./queues";

/**
 * How often a supervising worker looks for jobs whose worker died (stale heartbeat) or expired. A
 * pass is a few indexed statements (and pg-boss backs its stats scan off on large tables); once a
 * second bounds the recovery of a kill -9 to heartbeat (10 s) + 1 s + the first retry delay.
 */
const SUPERVISE_SECONDS = 1;

/** pg-boss on the app's own database: its own `pg` pool on PostgreSQL, the shared instance on PGlite. */
export async function createBoss(handle: DatabaseHandle, options: { supervise: boolean }) {
  const supervision = {
    supervise: options.supervise,
    schedule: options.supervise,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  };
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ db: fromPglite(handle.pglite), backend: "pglite", ...supervision })
      : new PgBoss({
          connectionString: handle.url,
          max: 10,
          application_name: "plugboard-jobs",
          // A transaction left open by a stuck handler is ended by the server. No statement or lock
          // timeout here: pg-boss's own migrations and maintenance wait for locks on purpose.
          options: `-c idle_in_transaction_session_timeout=${env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS}`,
          // Queues with `notify` wake their workers at once (LISTEN/NOTIFY); polling stays as a backstop.
          useListenNotify: true,
          ...supervision,
        });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  for (const name of queueNames) {
    const options: Omit<Queue, "name"> = queues[name].options;
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, options);
    else if (
      (existing.heartbeatSeconds ?? undefined) !== options.heartbeatSeconds ||
      (existing.notify ?? false) !== (options.notify ?? false) ||
      retryChanged(existing, options)
    )
      // Queues made by an earlier version keep their options; carry new heartbeat, notify and retry
      // settings over.
      await boss.updateQueue(name, {
        heartbeatSeconds: options.heartbeatSeconds ?? null,
        notify: options.notify ?? false,
        ...retryOptionsOf(options),
      });
  }
  return boss;
}

const retryOptionsOf = (options: Omit<Queue, "name">) => ({
  retryLimit: options.retryLimit,
  retryDelay: options.retryDelay,
  retryBackoff: options.retryBackoff,
  retryDelayMax: options.retryDelayMax,
});

/** True when a queue's stored retry policy differs from the one declared in queues.ts. */
function retryChanged(existing: Queue, declared: Omit<Queue, "name">) {
  const wanted = retryOptionsOf(declared);
  return (Object.keys(wanted) as (keyof typeof wanted)[]).some(
    (key) => wanted[key] !== undefined && existing[key] !== wanted[key],
  );
}

const globalForBoss = globalThis as unknown as { plugboardBoss?: Promise<PgBoss> };

/** The process-wide queue client. A worker registers it first (supervising); otherwise it only produces. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.plugboardBoss ??= getDatabase()
    .then((handle) => createBoss(handle, { supervise: false }))
    .catch((error: unknown) => {
      globalForBoss.plugboardBoss = undefined;
      throw error;
    });
  return globalForBoss.plugboardBoss;
}

export function setBoss(boss: Promise<PgBoss>) {
  globalForBoss.plugboardBoss = boss;
}

export function currentBoss(): Promise<PgBoss> | undefined {
  return globalForBoss.plugboardBoss;
}

/** Enqueues a job after validating its payload against the queue's schema. */
export async function enqueue<Name extends QueueName>(
  name: Name,
  payload: z.input<(typeof queues)[Name]["payload"]>,
  options: SendOptions = {},
) {
  const data = queues[name].payload.parse(payload);
  const boss = await getBoss();
  const id = await boss.send(name, data, options);
  logger.debug({ queue: name, jobId: id }, "job enqueued");
  return id;
}

type Waiting = { job: JobInsert; settle: (error: unknown) => void };
const COALESCE_MS = 2;
const COALESCE_MAX = 200;
const waiting = new Map<QueueName, { jobs: Waiting[]; timer: NodeJS.Timeout }>();

/**
 * Enqueues like `enqueue`, but jobs of one queue asked for within the same 2 ms go to the database
 * in one insert. For hot paths (webhook receipt) where a round trip per job is the main cost; the
 * promise settles when the batch is stored.
 */
export function enqueueCoalesced<Name extends QueueName>(
  name: Name,
  payload: z.input<(typeof queues)[Name]["payload"]>,
  options: Pick<JobInsert, "singletonKey" | "startAfter"> = {},
): Promise<void> {
  const data = queues[name].payload.parse(payload) as object;
  return new Promise<void>((resolve, reject) => {
    const entry: Waiting = {
      job: { ...options, data },
      settle: (error) => (error ? reject(error) : resolve()),
    };
    const batch = waiting.get(name);
    if (batch) {
      batch.jobs.push(entry);
      if (batch.jobs.length >= COALESCE_MAX) flush(name);
      return;
    }
    waiting.set(name, { jobs: [entry], timer: setTimeout(() => flush(name), COALESCE_MS) });
  });
}

function flush(name: QueueName) {
  const batch = waiting.get(name);
  if (!batch) return;
  waiting.delete(name);
  clearTimeout(batch.timer);
  getBoss()
    .then((boss) =>
      boss.insert(
        name,
        batch.jobs.map((entry) => entry.job),
      ),
    )
    .then(
      () => {
        for (const entry of batch.jobs) entry.settle(null);
        logger.debug({ queue: name, jobs: batch.jobs.length }, "jobs enqueued");
      },
      (error: unknown) => {
        for (const entry of batch.jobs) entry.settle(error);
      },
    );
}
