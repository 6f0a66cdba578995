import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { apikey, user } from "./auth";
import { tenantIdColumn, timestamps } from "./columns";

/**
 * Who created each tenant API key, written only by our own key procedure and the admin CLI (never by
 * better-auth's routes, whose key metadata a tenant can write). A key acts as a platform admin only
 * while its creator here is one.
 */
export const apiKeyCreator = pgTable(
  "api_key_creator",
  {
    keyId: text("key_id")
      .primaryKey()
      .references(() => apikey.id, { onDelete: "cascade" }),
    tenantId: tenantIdColumn(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [index("api_key_creator_tenant_idx").on(table.tenantId, table.keyId)],
);

/**
 * Consecutive failed sign-ins per account (normalised email), whatever address they come from:
 * after a few, the account is locked for a doubling while. A success removes the row.
 */
export const signInFailure = pgTable("sign_in_failure", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  ...timestamps(),
});
