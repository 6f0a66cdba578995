import type { Metadata } from "next";
import { AuditLogPanel } from "@/components/settings/audit-log-panel";
import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { isTenantManager } from "@/lib/roles";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const { tenant } = await requireTenant();
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsNav current="/settings/audit" />
      {isTenantManager(tenant.role) ? (
        <AuditLogPanel />
      ) : (
        <div role="alert">
          <EmptyState
            title="Only owners and admins can read the audit log"
            description="Ask an owner or admin of this tenant."
          />
        </div>
      )}
    </>
  );
}
