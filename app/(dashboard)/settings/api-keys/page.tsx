import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { tenant } = await requireTenant();
  const canManage = isTenantManager(tenant.role);
  if (canManage) prefetch(trpc.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Settings" />
      <SettingsNav current="/settings/api-keys" />
      {canManage ? (
        <ApiKeysPanel />
      ) : (
        <div role="alert">
          <EmptyState
            title="Only owners and admins can manage API keys"
            description="Ask an owner or admin of this tenant if you need a key for an integration."
          />
        </div>
      )}
    </HydrateClient>
  );
}
