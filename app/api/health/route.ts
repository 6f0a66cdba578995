// GET /api/health – liveness and readiness: database, migrations and job queue.
import { sql } from "drizzle-orm";
import { getDatabase } from "@/server/db/client";
import { migrationStatus } from "@/server/db/migrate";
import { currentBoss } from "@/server/jobs/boss";
import { queueNames } from "@/server/jobs/queues";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  try {
    const handle = await getDatabase();
    await handle.db.execute(sql`select 1`);
    const migrations = await migrationStatus(handle);
    const boss = currentBoss();
    const queue = boss ? await queueHealth(await boss) : { status: "not started" as const };
    const healthy = migrations.upToDate;
    return Response.json(
      {
        status: healthy ? "ok" : "degraded",
        database: { status: "up", kind: handle.kind, latencyMs: Math.round(performance.now() - started) },
        migrations,
        queue,
      },
      { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    logger.error({ err: error }, "health check failed");
    return Response.json(
      {
        status: "down",
        database: { status: "down" },
        statusCode: 503,
        error: "Service Unavailable",
        message: "The database is unreachable",
      },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
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
