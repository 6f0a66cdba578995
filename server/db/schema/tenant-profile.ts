import { bigint, customType, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { invoices } from "./billing";
import { tenantIdColumn, timestamps } from "./columns";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

export const logoTypes = ["image/png", "image/jpeg"] as const;
export type LogoType = (typeof logoTypes)[number];

/**
 * What a tenant prints on its invoices and shows its customers: business address, VAT/tax number and
 * logo (PNG or JPEG, small, stored here so self-hosting needs no object store). The name lives on the
 * tenant (organization) itself.
 */
export const tenantProfiles = pgTable("tenant_profiles", {
  tenantId: tenantIdColumn().primaryKey(),
  businessAddress: text("business_address"),
  taxNumber: text("tax_number"),
  logo: bytea("logo"),
  logoType: text("logo_type", { enum: logoTypes }),
  ...timestamps(),
});

export const paymentMethods = ["card", "bank_transfer", "cash", "cheque", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** A payment recorded by a person against an invoice (partial or full); amounts in the invoice's currency. */
export const invoicePayments = pgTable(
  "invoice_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    method: text("method", { enum: paymentMethods }).notNull(),
    reference: text("reference"),
    recordedBy: text("recorded_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [
    index("invoice_payments_tenant_invoice_idx").on(table.tenantId, table.invoiceId, table.createdAt),
  ],
);
