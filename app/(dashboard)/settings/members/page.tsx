import type { Metadata } from "next";
import { MembersPanel } from "@/components/settings/members-panel";
import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { tenant, session } = await requireTenant();
  prefetch(trpc.members.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Settings" />
      <SettingsNav current="/settings/members" />
      <MembersPanel canManage={isTenantManager(tenant.role)} currentUserId={session.user.id} />
    </HydrateClient>
  );
}
