import { boolean, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Registry rows seeded from server/providers/registry.ts at start; platform admins edit the display fields. */
export const providers = pgTable("providers", {
  id: text("id").primaryKey(),
  displayName: text("display_name").notNull(),
  description: text("description").notNull(),
  logo: text("logo").notNull(),
  status: text("status", { enum: ["active", "beta", "deprecated"] }).notNull(),
  category: text("category").notNull(),
  authMode: text("auth_mode").notNull(),
  /** True once a platform admin edited the row: the seed no longer overwrites display fields. */
  edited: boolean("edited").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
});

export const providerCapabilities = pgTable(
  "provider_capabilities",
  {
    providerId: text("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    description: text("description").notNull(),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    edited: boolean("edited").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [primaryKey({ name: "provider_capabilities_pk", columns: [table.providerId, table.code] })],
);
