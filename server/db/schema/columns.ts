import { text, timestamp } from "drizzle-orm/pg-core";
import { organization } from "./auth";

/** `tenant_id`, required and deleted with its tenant: on every tenant-owned table, first in its indexes. */
export const tenantIdColumn = () =>
  text("tenant_id")
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

/** created_at / updated_at as timestamptz, updated_at maintained by drizzle on every update. */
export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .defaultNow()
    .$onUpdate(() => new Date())
    .notNull(),
});
