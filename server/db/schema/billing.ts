import { sql } from "drizzle-orm";
import {
  bigint,
  date,
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
import { user } from "./auth";
import { tenantIdColumn, timestamps } from "./columns";
import { integrations } from "./integrations";
import { webhookEvents } from "./webhooks";

export const invoiceStatuses = ["draft", "open", "paid", "void", "uncollectible"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** A tenant's customer: the party an invoice is addressed to. */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    billingAddress: text("billing_address"),
    ...timestamps(),
  },
  (table) => [
    index("customers_tenant_created_idx").on(table.tenantId, table.createdAt),
    uniqueIndex("customers_tenant_email_uidx").on(table.tenantId, sql`lower(${table.email})`),
  ],
);

/** An invoice; amounts are integer minor units of `currency` (ISO 4217). */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    number: text("number").notNull(),
    status: text("status", { enum: invoiceStatuses }).notNull().default("draft"),
    currency: text("currency").notNull(),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    memo: text("memo"),
    /** When the invoice became paid, from the sync that reported it. */
    paidAt: timestamp("paid_at", { withTimezone: true }),
    createdBy: text("created_by"),
    ...timestamps(),
  },
  (table) => [
    uniqueIndex("invoices_tenant_number_uidx").on(table.tenantId, table.number),
    index("invoices_tenant_customer_idx").on(table.tenantId, table.customerId),
    index("invoices_tenant_status_due_idx").on(table.tenantId, table.status, table.dueDate),
  ],
);

/** One line of an invoice; tax rate in basis points (2000 = 20 %). */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitAmountMinor: bigint("unit_amount_minor", { mode: "number" }).notNull(),
    taxRateBps: integer("tax_rate_bps").notNull().default(0),
  },
  (table) => [index("invoice_lines_tenant_invoice_idx").on(table.tenantId, table.invoiceId, table.position)],
);

/** The last invoice number issued per tenant and year: INV-<year>-<0001…>. */
export const invoiceSequences = pgTable(
  "invoice_sequences",
  {
    tenantId: tenantIdColumn(),
    year: integer("year").notNull(),
    lastValue: integer("last_value").notNull(),
  },
  (table) => [primaryKey({ name: "invoice_sequences_pk", columns: [table.tenantId, table.year] })],
);

/** An optional line-item catalogue: a product's default description, price and tax. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    description: text("description"),
    unitAmountMinor: bigint("unit_amount_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    taxRateBps: integer("tax_rate_bps").notNull().default(0),
    ...timestamps(),
  },
  (table) => [
    index("products_tenant_created_idx").on(table.tenantId, table.createdAt),
    uniqueIndex("products_tenant_name_uidx").on(table.tenantId, sql`lower(${table.name})`),
  ],
);

/** The customer's id in one integration's system (Stripe `cus_…`, Xero ContactID, …). */
export const customerExternalRefs = pgTable(
  "customer_external_refs",
  {
    tenantId: tenantIdColumn(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [
    primaryKey({
      name: "customer_external_refs_pk",
      columns: [table.tenantId, table.customerId, table.integrationId],
    }),
  ],
);

export const invoiceSyncStatuses = [
  "pending",
  "synced",
  "paid",
  "failed",
  "overdue",
  "void",
  "uncollectible",
] as const;
export type InvoiceSyncStatus = (typeof invoiceSyncStatuses)[number];

export const syncSources = ["push", "webhook", "reconcile", "manual", "schedule"] as const;
export type SyncSource = (typeof syncSources)[number];

/**
 * One invoice in one integration's system. The integration is fixed when the sync is created, so an
 * invoice stays with the system it went to even after the customer's default changes.
 */
export const invoiceSyncs = pgTable(
  "invoice_syncs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "restrict" }),
    providerId: text("provider_id").notNull(),
    status: text("status", { enum: invoiceSyncStatuses }).notNull().default("pending"),
    statusSource: text("status_source", { enum: syncSources }),
    /** Provider time (event time or object version) of the status now stored: older news never overwrites it. */
    statusAt: timestamp("status_at", { withTimezone: true }),
    externalId: text("external_id"),
    externalNumber: text("external_number"),
    hostedUrl: text("hosted_url"),
    /** Progress of a multi-step push (e.g. Stripe: invoice created, finalized), so a retry resumes. */
    checkpoint: jsonb("checkpoint").$type<Record<string, string>>().notNull().default({}),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    paymentMethod: text("payment_method"),
    transactionId: text("transaction_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** A push in progress holds the sync until then, so two workers never push the same invoice at once. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    syncedAt: timestamp("synced_at", { withTimezone: true }),
    lastReconciledAt: timestamp("last_reconciled_at", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [
    uniqueIndex("invoice_syncs_invoice_integration_uidx").on(
      table.tenantId,
      table.invoiceId,
      table.integrationId,
    ),
    index("invoice_syncs_tenant_integration_status_idx").on(
      table.tenantId,
      table.integrationId,
      table.status,
    ),
    index("invoice_syncs_tenant_status_idx").on(table.tenantId, table.status),
    uniqueIndex("invoice_syncs_external_uidx")
      .on(table.integrationId, table.externalId)
      .where(sql`${table.externalId} is not null`),
  ],
);

/** Every push attempt and status change of a sync, with where it came from. */
export const syncHistory = pgTable(
  "sync_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceSyncId: uuid("invoice_sync_id")
      .notNull()
      .references(() => invoiceSyncs.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id").notNull(),
    source: text("source", { enum: syncSources }).notNull(),
    /** push_attempt | status_change | ignored (an older or lower-rank update) */
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    ok: integer("ok").notNull().default(1),
    message: text("message"),
    attempt: integer("attempt"),
    webhookEventId: uuid("webhook_event_id").references(() => webhookEvents.id, { onDelete: "set null" }),
    actorUserId: text("actor_user_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [
    index("sync_history_tenant_invoice_idx").on(table.tenantId, table.invoiceId, table.createdAt),
    index("sync_history_tenant_sync_idx").on(table.tenantId, table.invoiceSyncId, table.createdAt),
  ],
);

/**
 * Domain events written in the same transaction as the change they describe (invoice.created,
 * invoice.paid, …), for the outbound dispatcher to deliver.
 */
export const eventOutbox = pgTable(
  "event_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    type: text("type").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
  },
  (table) => [
    index("event_outbox_tenant_created_idx").on(table.tenantId, table.createdAt),
    index("event_outbox_undispatched_idx").on(table.createdAt).where(sql`${table.dispatchedAt} is null`),
  ],
);

/** A customer's contact who may read that customer's invoices in the portal. */
export const portalAccess = pgTable(
  "portal_access",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    /** Set when the contact first signs in through the invitation link. */
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    invitedBy: text("invited_by").references(() => user.id, { onDelete: "set null" }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [
    uniqueIndex("portal_access_tenant_customer_email_uidx").on(
      table.tenantId,
      table.customerId,
      sql`lower(${table.email})`,
    ),
    index("portal_access_user_idx").on(table.userId),
    index("portal_access_email_idx").on(sql`lower(${table.email})`),
  ],
);
