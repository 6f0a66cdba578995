import { count } from "drizzle-orm";
import { invoiceTotals } from "@/lib/money";
import type { Auth } from "@/server/auth";
import { createVerifiedUser } from "@/server/auth/users";
import { logger } from "@/server/logger";
import { nextInvoiceNumber } from "@/server/services/invoices/numbering";
import type { Db } from "./client";
import { customers, invoiceLines, invoices, organization, portalAccess, user } from "./schema";

/** The demo tenant a newcomer signs in to. Printed in the README and in the log at first start. */
export const demo = {
  tenant: { name: "Acme Field Services", slug: "acme-field-services" },
  owner: { name: "Alex Owner", email: "owner@acme.example", password: "plugboard-demo" },
  member: { name: "Morgan Member", email: "member@acme.example", password: "plugboard-demo" },
} as const;

const demoCustomers = [
  {
    name: "Northwind Plumbing",
    email: "billing@northwind.example",
    billingAddress: "12 Harbour Rd, Leeds LS1 4AB",
  },
  {
    name: "Bluebell Dental",
    email: "accounts@bluebell.example",
    billingAddress: "3 Market St, York YO1 8QT",
  },
  { name: "Greenleaf Cafe", email: "hello@greenleaf.example", billingAddress: "77 Mill Lane, Bath BA1 1AA" },
  { name: "Orbit Logistics", email: "ap@orbit.example", billingAddress: "Unit 5, Dock Park, Hull HU1 2XY" },
  {
    name: "Sunrise Fitness",
    email: "finance@sunrise.example",
    billingAddress: "9 Queen St, Bristol BS1 4DD",
  },
];

const demoInvoices = [
  {
    customer: 0,
    status: "paid",
    issue: "2026-09-01",
    due: "2026-10-01",
    lines: [
      ["Boiler service", 1, 18000],
      ["Replacement valve", 2, 2450],
    ],
  },
  {
    customer: 1,
    status: "open",
    issue: "2026-10-15",
    due: "2026-11-14",
    lines: [["Quarterly HVAC maintenance", 1, 42000]],
  },
  {
    customer: 2,
    status: "open",
    issue: "2026-11-05",
    due: "2026-12-05",
    lines: [
      ["Emergency call-out", 1, 9500],
      ["Labour (hours)", 3, 6500],
    ],
  },
  {
    customer: 3,
    status: "draft",
    issue: "2026-11-20",
    due: "2026-12-20",
    lines: [["Warehouse lighting inspection", 1, 25000]],
  },
] as const;

const TAX_BPS = 2000;

/** Seeds the demo tenant when the database has no users and no tenants yet. Returns whether it did. */
export async function seedDemoIfEmpty(db: Db, auth: Auth): Promise<boolean> {
  const [[users], [tenants]] = await Promise.all([
    db.select({ value: count() }).from(user),
    db.select({ value: count() }).from(organization),
  ]);
  if ((users?.value ?? 0) > 0 || (tenants?.value ?? 0) > 0) return false;

  // Demo accounts are created verified: nobody has to open a mail to try the demo.
  const owner = { user: await createVerifiedUser(auth, demo.owner) };
  const memberUser = { user: await createVerifiedUser(auth, demo.member) };
  const tenant = await auth.api.createOrganization({ body: { ...demo.tenant, userId: owner.user.id } });
  if (!tenant) throw new Error("demo tenant was not created");
  await auth.api.addMember({
    body: { userId: memberUser.user.id, organizationId: tenant.id, role: "member" },
  });

  await db.transaction(async (tx) => {
    const createdCustomers = await tx
      .insert(customers)
      .values(demoCustomers.map((customer) => ({ ...customer, tenantId: tenant.id })))
      .returning({ id: customers.id });
    // The first customer's contact can open the portal (sign-in link by email).
    const firstCustomer = createdCustomers[0];
    if (firstCustomer) {
      await tx.insert(portalAccess).values({
        tenantId: tenant.id,
        customerId: firstCustomer.id,
        email: demoCustomers[0]?.email ?? "",
        invitedBy: owner.user.id,
      });
    }
    for (const invoice of demoInvoices) {
      const totals = invoiceTotals(
        invoice.lines.map(([, quantity, unitAmountMinor]) => ({
          quantity,
          unitAmountMinor,
          taxRateBps: TAX_BPS,
        })),
      );
      const customerId = createdCustomers[invoice.customer]?.id;
      if (!customerId) throw new Error("demo customer missing");
      const [created] = await tx
        .insert(invoices)
        .values({
          tenantId: tenant.id,
          customerId,
          number: await nextInvoiceNumber(tx, tenant.id, Number(invoice.issue.slice(0, 4))),
          status: invoice.status,
          currency: "GBP",
          ...totals,
          issueDate: invoice.issue,
          dueDate: invoice.due,
        })
        .returning({ id: invoices.id });
      if (!created) throw new Error("demo invoice missing");
      await tx.insert(invoiceLines).values(
        invoice.lines.map(([description, quantity, unitAmountMinor], position) => ({
          tenantId: tenant.id,
          invoiceId: created.id,
          position,
          description,
          quantity,
          unitAmountMinor,
          taxRateBps: TAX_BPS,
        })),
      );
    }
  });
  logger.info(
    { tenant: demo.tenant.name, owner: demo.owner.email, member: demo.member.email },
    `demo tenant seeded: sign in as ${demo.owner.email} / ${demo.owner.password}`,
  );
  return true;
}
