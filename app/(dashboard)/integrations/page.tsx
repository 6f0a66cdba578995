import type { Metadata } from "next";
import { IntegrationCatalog } from "@/components/integrations/catalog";
import { ConnectedIntegrations } from "@/components/integrations/connected-list";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requireTenant();
  prefetch(trpc.integrations.list.queryOptions());
  prefetch(trpc.integrations.catalog.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Integrations"
        description="The billing, accounting, payment and automation systems this tenant works through."
      />
      <ConnectedIntegrations />
      <IntegrationCatalog />
    </HydrateClient>
  );
}
