import { sql } from "drizzle-orm";
import { bigint, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn, timestamps } from "./columns";

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
