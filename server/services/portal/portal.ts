import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { customers, invoiceSyncs, invoices, member, organization, portalAccess } from "@/server/db/schema";
import type { TenantContext } from "../context";
import { getInvoice, isOverdue, toSyncView } from "../invoices/read";
import { getTenantSettings } from "../tenants/profile";

/**
 * The customer portal: a contact sees the invoices of the customers whose portal access names their
 * email, once they proved the address (magic link: verified email). Read-only; drafts never show.
 */

export type PortalUser = { id: string; email: string; emailVerified: boolean };
type Grant = { tenantId: string; customerId: string };

/** The (tenant, customer) pairs this user may read; claims pending invitations on first use. */
export async function portalGrants(db: Db, user: PortalUser): Promise<Grant[]> {
  if (!user.emailVerified) return [];
  const rows = await db
    .select({
      id: portalAccess.id,
      tenantId: portalAccess.tenantId,
      customerId: portalAccess.customerId,
      userId: portalAccess.userId,
    })
    .from(portalAccess)
    .where(
      and(
        sql`lower(${portalAccess.email}) = ${user.email.toLowerCase()}`,
        isNull(portalAccess.revokedAt),
        or(isNull(portalAccess.userId), eq(portalAccess.userId, user.id)),
      ),
    );
  const unclaimed = rows.filter((row) => !row.userId).map((row) => row.id);
  if (unclaimed.length) {
    await db
      .update(portalAccess)
      .set({ userId: user.id, acceptedAt: new Date() })
      .where(and(inArray(portalAccess.id, unclaimed), isNull(portalAccess.userId)));
  }
  return rows.map(({ tenantId, customerId }) => ({ tenantId, customerId }));
}

const grantCondition = (grants: Grant[]) =>
  or(
    ...grants.map((grant) =>
      and(eq(invoices.tenantId, grant.tenantId), eq(invoices.customerId, grant.customerId)),
    ),
  );

/** Every visible invoice of the user's customers, newest first, with the latest sync and the tenant's name. */
export async function listPortalInvoices(db: Db, user: PortalUser) {
  const grants = await portalGrants(db, user);
  if (!grants.length) return { items: [], hasAccess: false };
  const rows = await db
    .select({ invoice: invoices, tenantName: organization.name, customerName: customers.name })
    .from(invoices)
    .innerJoin(organization, eq(organization.id, invoices.tenantId))
    .innerJoin(
      customers,
      and(eq(customers.id, invoices.customerId), eq(customers.tenantId, invoices.tenantId)),
    )
    .where(and(grantCondition(grants), sql`${invoices.status} <> 'draft'`))
    .orderBy(desc(invoices.issueDate), desc(invoices.number))
    .limit(500);
  const ids = rows.map((row) => row.invoice.id);
  const syncs = ids.length
    ? await db
        .select()
        .from(invoiceSyncs)
        .where(
          and(
            inArray(invoiceSyncs.tenantId, [...new Set(grants.map((grant) => grant.tenantId))]),
            inArray(invoiceSyncs.invoiceId, ids),
          ),
        )
        .orderBy(desc(invoiceSyncs.createdAt))
    : [];
  return {
    hasAccess: true,
    items: rows.map(({ invoice, tenantName, customerName }) => {
      const sync = syncs.find((candidate) => candidate.invoiceId === invoice.id);
      return {
        id: invoice.id,
        number: invoice.number,
        tenantName,
        customerName,
        status: invoice.status,
        overdue: isOverdue(invoice),
        currency: invoice.currency,
        totalMinor: invoice.totalMinor,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        sync: sync ? portalSyncOf(toSyncView(sync, "")) : null,
      };
    }),
  };
}

/** What a customer may see of a sync: no attempts, errors or internal ids. */
function portalSyncOf(sync: ReturnType<typeof toSyncView>) {
  return {
    status: sync.status,
    statusSource: sync.statusSource,
    statusAt: sync.statusAt,
    providerName: sync.providerName,
    externalId: sync.externalId,
    hostedUrl: sync.hostedUrl,
    paidAt: sync.paidAt,
  };
}

/** One invoice if it belongs to one of the user's customers (404 otherwise, whoever else owns it). */
export async function getPortalInvoice(db: Db, user: PortalUser, invoiceId: string) {
  const grants = await portalGrants(db, user);
  const [row] = grants.length
    ? await db
        .select({ tenantId: invoices.tenantId, tenantName: organization.name })
        .from(invoices)
        .innerJoin(organization, eq(organization.id, invoices.tenantId))
        .where(and(eq(invoices.id, invoiceId), grantCondition(grants), sql`${invoices.status} <> 'draft'`))
    : [];
  if (!row) throw new AppError("NOT_FOUND", "Invoice not found");
  const portalActor = {
    type: "system" as const,
    label: `portal:${user.id}`,
    isPlatformAdmin: false as const,
  };
  const invoice = await getInvoice(
    { db, tenantId: row.tenantId, actor: portalActor },
    { invoiceId },
    { history: false },
  );
  const latest = invoice.syncs[0];
  const settings = await getTenantSettings(db, row.tenantId);
  const [payment] = invoice.payments.slice(-1);
  return {
    id: invoice.id,
    number: invoice.number,
    tenantName: row.tenantName,
    /** The supplier as it prints on the invoice: the portal header shows the same. */
    supplier: {
      tenantId: row.tenantId,
      name: settings.name,
      businessAddress: settings.businessAddress,
      taxNumber: settings.taxNumber,
      hasLogo: settings.logoType !== null,
    },
    /** How it was paid, when a person recorded the payment ("card", "bank_transfer", …). */
    paymentMethod: invoice.status === "paid" ? (payment?.method ?? latest?.paymentMethod ?? null) : null,
    amountPaidMinor: invoice.amountPaidMinor,
    amountDueMinor: invoice.amountDueMinor,
    status: invoice.status,
    overdue: invoice.overdue,
    currency: invoice.currency,
    subtotalMinor: invoice.subtotalMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    memo: invoice.memo,
    paidAt: invoice.paidAt,
    customer: invoice.customer,
    lines: invoice.lines,
    sync: latest ? portalSyncOf(latest) : null,
  };
}

/** Admin side: gives a customer's contact portal access (idempotent per email). */
export async function grantPortalAccess(
  ctx: TenantContext,
  input: { customerId: string; email: string },
  invitedBy: string | null,
) {
  const [customer] = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, input.customerId), eq(customers.tenantId, ctx.tenantId)));
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found");
  const [existing] = await ctx.db
    .select()
    .from(portalAccess)
    .where(
      and(
        eq(portalAccess.tenantId, ctx.tenantId),
        eq(portalAccess.customerId, input.customerId),
        sql`lower(${portalAccess.email}) = ${input.email.toLowerCase()}`,
      ),
    );
  if (existing) {
    const [updated] = await ctx.db
      .update(portalAccess)
      .set({ revokedAt: null })
      .where(eq(portalAccess.id, existing.id))
      .returning();
    return updated ?? existing;
  }
  const [created] = await ctx.db
    .insert(portalAccess)
    .values({ tenantId: ctx.tenantId, customerId: input.customerId, email: input.email, invitedBy })
    .returning();
  if (!created) throw new Error("portal access not created");
  return created;
}

export async function listPortalAccess(ctx: TenantContext, customerId: string) {
  return ctx.db
    .select({
      id: portalAccess.id,
      email: portalAccess.email,
      acceptedAt: portalAccess.acceptedAt,
      revokedAt: portalAccess.revokedAt,
      createdAt: portalAccess.createdAt,
    })
    .from(portalAccess)
    .where(and(eq(portalAccess.tenantId, ctx.tenantId), eq(portalAccess.customerId, customerId)))
    .orderBy(desc(portalAccess.createdAt));
}

export async function revokePortalAccess(ctx: TenantContext, accessId: string) {
  const [revoked] = await ctx.db
    .update(portalAccess)
    .set({ revokedAt: new Date() })
    .where(and(eq(portalAccess.id, accessId), eq(portalAccess.tenantId, ctx.tenantId)))
    .returning({ id: portalAccess.id });
  if (!revoked) throw new AppError("NOT_FOUND", "Portal access not found");
  return { revoked: true };
}

/** Whether any live portal access names this email (to decide whether a sign-in link is sent). */
export async function hasPortalAccess(db: Db, email: string) {
  const [row] = await db
    .select({ id: portalAccess.id })
    .from(portalAccess)
    .where(and(sql`lower(${portalAccess.email}) = ${email.toLowerCase()}`, isNull(portalAccess.revokedAt)))
    .limit(1);
  return Boolean(row);
}

/**
 * A customer's contact who belongs to no tenant: the portal is all of Plugboard they use, so the
 * dashboard sends them there and never offers them a tenant of their own.
 */
export async function isPortalOnly(db: Db, user: PortalUser): Promise<boolean> {
  const [membership] = await db
    .select({ id: member.id })
    .from(member)
    .where(eq(member.userId, user.id))
    .limit(1);
  if (membership) return false;
  const [access] = await db
    .select({ id: portalAccess.id })
    .from(portalAccess)
    .where(
      and(
        isNull(portalAccess.revokedAt),
        or(
          eq(portalAccess.userId, user.id),
          user.emailVerified ? sql`lower(${portalAccess.email}) = ${user.email.toLowerCase()}` : sql`false`,
        ),
      ),
    )
    .limit(1);
  return Boolean(access);
}
