import { sql } from "drizzle-orm";
import { type Db, queryRows, type Tx } from "@/server/db/client";

/** Allocates the tenant's next number for the year, atomically: INV-2026-0001, INV-2026-0002, … */
export async function nextInvoiceNumber(db: Db | Tx, tenantId: string, year: number): Promise<string> {
  const [row] = await queryRows<{ last_value: number }>(
    db,
    sql`insert into invoice_sequences (tenant_id, year, last_value) values (${tenantId}, ${year}, 1)
        on conflict (tenant_id, year) do update set last_value = invoice_sequences.last_value + 1
        returning last_value`,
  );
  if (!row) throw new Error("invoice number not allocated");
  return `INV-${year}-${String(row.last_value).padStart(4, "0")}`;
}
