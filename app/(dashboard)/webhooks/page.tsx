import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { WebhookLog } from "@/components/webhooks/webhook-log";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { tenant } = await requireTenant();
  prefetch(trpc.integrations.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Webhooks"
        description="Signed events your providers send to Plugboard: verified, stored once, processed in the background."
      />
      <WebhookLog canReplay={isTenantManager(tenant.role)} />
    </HydrateClient>
  );
}
