import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import { type Db, queryRows } from "@/server/db/client";
import { open, seal } from "./envelope";
import { type KeyRing, keyRing } from "./keyring";
import { sealedColumns } from "./purposes";

export type RotationReport = { rotated: number; failed: number; remaining: number; durationMs: number };
type SealedRow = { id: string; tenant_id: string; sealed: string };

/**
 * Re-encrypts every sealed value not yet under the current key, in batches. Safe to run while the
 * app serves traffic (reads accept every key in the ring), to stop at any point and to run again:
 * each update only applies if the row still holds the ciphertext that was read.
 */
export async function rotateAll(
  db: Db,
  options: { batchSize?: number; ring?: KeyRing; log?: Logger } = {},
): Promise<RotationReport> {
  const ring = options.ring ?? keyRing();
  const batchSize = options.batchSize ?? 500;
  const started = performance.now();
  const report: RotationReport = { rotated: 0, failed: 0, remaining: 0, durationMs: 0 };
  for (const spec of sealedColumns) {
    const table = sql.identifier(spec.table);
    const column = sql.identifier(spec.column);
    const current = `pbv1:${ring.currentId}:%`;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await queryRows<SealedRow>(
        db,
        sql`select id::text as id, tenant_id, ${column} as sealed from ${table}
            where ${column} is not null and ${column} not like ${current} and id > ${after}::uuid
            order by id limit ${batchSize}`,
      );
      if (!rows.length) break;
      after = rows[rows.length - 1]?.id ?? after;
      const updates: { id: string; old: string; next: string }[] = [];
      for (const row of rows) {
        const context = { tenantId: row.tenant_id, rowId: row.id, purpose: spec.purpose };
        try {
          updates.push({
            id: row.id,
            old: row.sealed,
            next: seal(open(row.sealed, context, ring), context, ring),
          });
        } catch (error) {
          report.failed++;
          options.log?.error(
            { table: spec.table, column: spec.column, id: row.id, err: error },
            "could not re-encrypt a value",
          );
        }
      }
      if (updates.length) {
        const changed = await queryRows<{ id: string }>(
          db,
          sql`update ${table} as t set ${column} = v.next
              from (select unnest(${toArray(updates.map((u) => u.id))}::uuid[]) as id,
                           unnest(${toArray(updates.map((u) => u.old))}::text[]) as old,
                           unnest(${toArray(updates.map((u) => u.next))}::text[]) as next) as v
              where t.id = v.id and t.${column} = v.old returning t.id`,
        );
        report.rotated += changed.length;
      }
      options.log?.info(
        { table: spec.table, column: spec.column, rotated: report.rotated },
        "rotation batch done",
      );
    }
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${table} where ${column} is not null and ${column} not like ${current}`,
    );
    report.remaining += Number(left?.n ?? 0);
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** A text[] literal parameter that works on postgres.js and PGlite alike. */
function toArray(values: string[]) {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
