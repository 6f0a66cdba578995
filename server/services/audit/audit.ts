import { and, desc, eq, gte, like, lte, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";
import { redactSecrets } from "@/server/logger";
import type { Actor } from "../context";

export type AuditEntry = {
  tenantId: string | null;
  actor: Actor | { type: "system"; label: string };
  action: string;
  targetType: string;
  targetId?: string | null;
  ip?: string | null;
  metadata?: Record<string, unknown>;
};

/** Appends one audit entry; metadata passes the same secret redaction as logs. */
export async function recordAudit(db: Db | Tx, entry: AuditEntry) {
  const actor = entry.actor;
  await db.insert(auditLog).values({
    tenantId: entry.tenantId,
    actorType: actor.type === "apiKey" ? "api_key" : actor.type,
    actorId: actor.type === "user" ? actor.userId : actor.type === "apiKey" ? actor.keyId : null,
    actorLabel: actor.type === "user" ? actor.email : actor.type === "apiKey" ? "API key" : actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    metadata: redactSecrets(entry.metadata ?? {}) as Record<string, unknown>,
  });
}

export type AuditFilter = {
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
};

/** One page of a tenant's audit log, newest first, with optional filters. */
export async function listAudit(db: Db, tenantId: string, filter: AuditFilter) {
  const conditions: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (filter.action) conditions.push(like(auditLog.action, `${filter.action.replace(/[%_]/g, "")}%`));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditLog.createdAt, filter.to));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt))
    .limit(filter.limit)
    .offset(filter.offset);
}
