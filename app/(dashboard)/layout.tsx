import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requireTenant } from "@/server/auth/tenant-page";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { session, tenant, caller } = await requireTenant();
  const tenants = await caller.tenants.mine();
  return (
    <AppShell
      user={{
        name: session.user.name,
        email: session.user.email,
        isPlatformAdmin: session.user.isPlatformAdmin === true,
      }}
      tenant={{ id: tenant.id, name: tenant.name, role: tenant.role }}
      tenants={tenants}
    >
      {children}
    </AppShell>
  );
}
