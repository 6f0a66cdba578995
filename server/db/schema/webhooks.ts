import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./columns";
import { integrations } from "./integrations";

export const webhookEventStatuses = ["received", "processed", "failed", "ignored"] as const;
export type WebhookEventStatus = (typeof webhookEventStatuses)[number];

/**
 * Inbound provider events, stored once per (integration, provider event id or body hash) before the
 * 2xx goes out; processing happens in the job queue. The raw body is kept for replay.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull(),
    dedupKey: text("dedup_key").notNull(),
    eventType: text("event_type"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    accountRef: text("account_ref"),
    status: text("status", { enum: webhookEventStatuses }).notNull().default("received"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    body: text("body").notNull(),
    verification: jsonb("verification").$type<{ scheme: string; ok: boolean }>().notNull(),
    duplicateCount: integer("duplicate_count").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    outcome: text("outcome"),
    receivedAt: timestamp("received_at", { withTimezone: true }).defaultNow().notNull(),
    lastDuplicateAt: timestamp("last_duplicate_at", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("webhook_events_dedup_uidx").on(table.integrationId, table.dedupKey),
    index("webhook_events_tenant_received_idx").on(table.tenantId, table.receivedAt),
    index("webhook_events_tenant_status_idx").on(table.tenantId, table.status, table.receivedAt),
    index("webhook_events_integration_received_idx").on(
      table.tenantId,
      table.integrationId,
      table.receivedAt,
    ),
  ],
);

/** Token buckets shared by every process (inbound webhook limits now, provider budgets later). */
export const rateBuckets = pgTable("rate_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  /** Whether the last request was given a token (a refused request takes none). */
  granted: boolean("granted").default(true).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
});

/**
 * Outbound pacing shared by every process (GCRA): `next_at` is when the next provider call under this
 * key may start; each caller reserves the slot after it, so calls are spaced evenly within the budget.
 */
export const rateSchedules = pgTable("rate_schedules", {
  key: text("key").primaryKey(),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
});

/** Concurrency slots per key (e.g. Xero's 5 concurrent calls per organisation); a lease expires on its own. */
export const concurrencyLeases = pgTable(
  "concurrency_leases",
  {
    key: text("key").notNull(),
    slot: integer("slot").notNull(),
    holder: text("holder"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ name: "concurrency_leases_pk", columns: [table.key, table.slot] })],
);

/** Calls counted per key and fixed window (e.g. Xero's 5,000 calls per organisation per day). */
export const rateCounters = pgTable("rate_counters", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
});
