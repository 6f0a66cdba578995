import { and, eq, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import type { SystemActor } from "../context";
import { testIntegration } from "./manage";

const healthActor: SystemActor = { type: "system", label: "daily health check", isPlatformAdmin: false };

/**
 * The daily health check: re-tests the credentials of every active (or failing) integration, which
 * flips its status to error on failure and back to active on success, audited like a manual test.
 */
export async function runHealthChecks(db: Db, log: Logger) {
  const rows = await db
    .select({ id: integrations.id, tenantId: integrations.tenantId })
    .from(integrations)
    .where(and(isNull(integrations.disconnectedAt), eq(integrations.status, "active")));
  const report = { checked: 0, healthy: 0, failing: 0 };
  for (const row of rows) {
    const view = await testIntegration(
      { db, tenantId: row.tenantId, actor: healthActor, ip: null, log },
      row.id,
    ).catch((error: unknown) => {
      log.warn({ integrationId: row.id, err: error }, "health check could not run");
      return null;
    });
    if (!view) continue;
    report.checked += 1;
    if (view.status === "active") report.healthy += 1;
    else report.failing += 1;
  }
  return report;
}
