import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IntegrationDetail } from "@/components/integrations/integration-detail";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Integration" };

export default async function IntegrationPage({ params }: { params: Promise<{ integrationId: string }> }) {
  const { integrationId } = await params;
  const { tenant, caller } = await requireTenant();
  const integration = await caller.integrations.get({ integrationId }).catch(() => null);
  if (!integration) notFound();
  const canManage = isTenantManager(tenant.role);
  prefetch(trpc.integrations.get.queryOptions({ integrationId }));
  prefetch(trpc.integrations.capabilities.queryOptions({ integrationId }));
  prefetch(trpc.links.ofIntegration.queryOptions({ integrationId }));
  if (canManage) {
    prefetch(trpc.audit.list.queryOptions({ targetId: integrationId, limit: 20, offset: 0 }));
    prefetch(trpc.customers.list.queryOptions({ limit: 200, offset: 0 }));
  }
  return (
    <HydrateClient>
      <Link href="/integrations" className="text-sm text-indigo-600 hover:underline">
        ← All integrations
      </Link>
      <IntegrationDetail integrationId={integrationId} canManage={canManage} tenantId={tenant.id} />
    </HydrateClient>
  );
}
