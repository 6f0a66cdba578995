import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { customerExternalRefs, integrations, invoiceSyncs } from "@/server/db/schema";
import { breakerView } from "@/server/ratelimit/breaker";
import type { TenantContext } from "../context";
import { providerOf } from "../integrations/views";

/** Per integration: invoices synced / pending / in error, customers known at the provider, and the breaker. */
export async function syncCounts(ctx: TenantContext, filter: { providerId?: string } = {}) {
  const rows = await ctx.db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, ctx.tenantId),
        isNull(integrations.disconnectedAt),
        filter.providerId ? eq(integrations.providerId, filter.providerId) : undefined,
      ),
    );
  if (!rows.length) return { integrations: [] };
  const ids = rows.map((row) => row.id);
  const [statusCounts, customerCounts] = await Promise.all([
    ctx.db
      .select({ integrationId: invoiceSyncs.integrationId, status: invoiceSyncs.status, value: count() })
      .from(invoiceSyncs)
      .where(and(eq(invoiceSyncs.tenantId, ctx.tenantId), inArray(invoiceSyncs.integrationId, ids)))
      .groupBy(invoiceSyncs.integrationId, invoiceSyncs.status),
    ctx.db
      .select({ integrationId: customerExternalRefs.integrationId, value: count() })
      .from(customerExternalRefs)
      .where(
        and(
          eq(customerExternalRefs.tenantId, ctx.tenantId),
          inArray(customerExternalRefs.integrationId, ids),
        ),
      )
      .groupBy(customerExternalRefs.integrationId),
  ]);
  return {
    integrations: rows.map((row) => {
      const invoicesOf = { synced: 0, pending: 0, errors: 0 };
      for (const entry of statusCounts.filter((item) => item.integrationId === row.id)) {
        const bucket =
          entry.status === "pending" ? "pending" : entry.status === "failed" ? "errors" : "synced";
        invoicesOf[bucket] += entry.value;
      }
      const breaker = breakerView(row);
      return {
        integrationId: row.id,
        integrationName: row.name,
        providerId: row.providerId,
        providerName: providerOf(row.providerId).displayName,
        status: row.status,
        breaker: {
          state: breaker.state,
          consecutiveFailures: breaker.consecutiveFailures,
          retryAt: breaker.retryAt,
          lastError: breaker.lastError,
        },
        invoices: invoicesOf,
        customers: { synced: customerCounts.find((item) => item.integrationId === row.id)?.value ?? 0 },
      };
    }),
  };
}
