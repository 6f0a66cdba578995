import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { tenantIdColumn } from "./columns";

export const integrationStatuses = [
  "pending_configuration",
  "testing",
  "active",
  "inactive",
  "error",
] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export type TestResult = { ok: boolean; message: string; durationMs: number };

/**
 * A tenant's connection to one provider account. Credentials and the webhook secret are sealed by
 * the vault (AES-256-GCM, bound to tenant + row + purpose); only masked hints are stored in clear.
 */
export const integrations = pgTable(
  "integrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    providerId: text("provider_id").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: integrationStatuses }).notNull().default("pending_configuration"),
    statusReason: text("status_reason"),
    credentials: text("credentials"),
    credentialHints: jsonb("credential_hints").$type<Record<string, string>>().notNull().default({}),
    webhookSecret: text("webhook_secret"),
    externalAccountId: text("external_account_id"),
    externalAccountName: text("external_account_name"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    lastTestAt: timestamp("last_test_at", { withTimezone: true }),
    lastTestResult: jsonb("last_test_result").$type<TestResult>(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    disconnectedAt: timestamp("disconnected_at", { withTimezone: true }),
    /** Circuit breaker: consecutive failed provider calls, and when the breaker last opened. */
    breakerFailures: integer("breaker_failures").notNull().default(0),
    breakerOpenedAt: timestamp("breaker_opened_at", { withTimezone: true }),
    breakerLastError: text("breaker_last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .defaultNow()
      .$onUpdate(() => new Date())
      .notNull(),
  },
  (table) => [
    index("integrations_tenant_provider_idx").on(table.tenantId, table.providerId),
    uniqueIndex("integrations_tenant_account_uidx")
      .on(table.tenantId, table.providerId, table.externalAccountId)
      .where(sql`${table.disconnectedAt} is null and ${table.externalAccountId} is not null`),
    uniqueIndex("integrations_tenant_name_uidx")
      .on(table.tenantId, table.name)
      .where(sql`${table.disconnectedAt} is null`),
  ],
);

export const entityTypes = ["tenant", "customer", "product", "subscription"] as const;
export const linkPurposes = ["payment_processing", "invoicing", "accounting_sync", "notification"] as const;

/** Which integration serves an entity for a purpose; at most one default per entity and purpose. */
export const entityIntegrationLinks = pgTable(
  "entity_integration_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    entityType: text("entity_type", { enum: entityTypes }).notNull(),
    entityId: text("entity_id").notNull(),
    purpose: text("purpose", { enum: linkPurposes }).notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [
    index("entity_links_tenant_entity_idx").on(table.tenantId, table.entityType, table.entityId),
    uniqueIndex("entity_links_unique_uidx").on(
      table.tenantId,
      table.entityType,
      table.entityId,
      table.purpose,
      table.integrationId,
    ),
    uniqueIndex("entity_links_default_uidx")
      .on(table.tenantId, table.entityType, table.entityId, table.purpose)
      .where(sql`${table.isDefault}`),
  ],
);
