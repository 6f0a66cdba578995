// GET /api/health – liveness and readiness: database, migrations and job queue, within a deadline.
import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { errorBody } from "@/lib/errors";
import { getDatabase } from "@/server/db/client";
import { migrationStatus } from "@/server/db/migrate";
import { currentBoss } from "@/server/jobs/boss";
import { queueNames } from "@/server/jobs/queues";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

class DeadlinePassed extends Error {}

export async function GET() {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), env.HEALTH_TIMEOUT_MS);
  });
  const check = checkDependencies(started);
  // A check still waiting when the deadline passes finishes (or fails) in the background, unobserved.
  check.catch(() => {});
  try {
    const report = await Promise.race([check, deadline]);
    if (report.healthy) return Response.json({ status: "ok", ...report.parts }, { headers: noStore });
    return Response.json(
      {
        ...errorBody("SERVICE_UNAVAILABLE", "Database migrations are pending"),
        status: "degraded",
        ...report.parts,
      },
      { status: 503, headers: noStore },
    );
  } catch (error) {
    const timedOut = error instanceof DeadlinePassed;
    logger.error(
      timedOut ? { deadlineMs: env.HEALTH_TIMEOUT_MS } : { err: error },
      timedOut ? "health check: the database did not answer in time" : "health check failed",
    );
    return Response.json(
      {
        ...errorBody(
          "SERVICE_UNAVAILABLE",
          timedOut
            ? `The database did not answer within ${env.HEALTH_TIMEOUT_MS} ms`
            : "The database is unreachable",
        ),
        status: "down",
        database: { status: timedOut ? "timeout" : "down" },
      },
      { status: 503, headers: { ...noStore, "retry-after": "5" } },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function checkDependencies(started: number) {
  const handle = await getDatabase();
  await handle.db.execute(sql`select 1`);
  const latencyMs = Math.round(performance.now() - started);
  const migrations = await migrationStatus(handle);
  const boss = currentBoss();
  const queue = boss ? await queueHealth(await boss) : { status: "not started" as const };
  return {
    healthy: migrations.upToDate,
    parts: { database: { status: "up", kind: handle.kind, latencyMs }, migrations, queue },
  };
}

async function queueHealth(boss: import("pg-boss").PgBoss) {
  const queues = await boss.getQueues(queueNames);
  return {
    status: "up" as const,
    queues: Object.fromEntries(
      queues.map((queue) => [queue.name, { queued: queue.queuedCount, active: queue.activeCount }]),
    ),
  };
}
