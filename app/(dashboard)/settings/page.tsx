import type { Metadata } from "next";
import { SettingsNav } from "@/components/settings/settings-nav";
import { TenantSettingsForm } from "@/components/settings/tenant-settings-form";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/lib/dates";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { tenant } = await requireTenant();
  prefetch(trpc.tenants.settings.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Settings" />
      <SettingsNav current="/settings" />
      <Card>
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Tenant</dt>
            <dd className="font-medium">{tenant.name}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Slug</dt>
            <dd className="font-mono">{tenant.slug}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatDate(tenant.createdAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Your role</dt>
            <dd>{tenant.role}</dd>
          </div>
        </dl>
      </Card>
      <div className="mt-6">
        <TenantSettingsForm canManage={isTenantManager(tenant.role)} />
      </div>
    </HydrateClient>
  );
}
