import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requireTenant } from "@/server/auth/tenant-page";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { session, tenant, caller } = await requireTenant();
  const [tenants, connected] = await Promise.all([caller.tenants.mine(), caller.integrations.list()]);
  const broken = connected.filter((integration) => integration.status === "error");
  return (
    <AppShell
      user={{
        name: session.user.name,
        email: session.user.email,
        isPlatformAdmin: session.user.isPlatformAdmin === true && session.user.emailVerified,
      }}
      tenant={{ id: tenant.id, name: tenant.name, role: tenant.role }}
      tenants={tenants}
    >
      {broken.length > 0 && (
        <div
          role="alert"
          className="mb-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800"
        >
          {broken.map((integration) => (
            <p key={integration.id}>
              <Link href={`/integrations/${integration.id}`} className="font-medium underline">
                {integration.name}
              </Link>{" "}
              needs attention: {integration.statusReason ?? "its last check failed"}.
            </p>
          ))}
        </div>
      )}
      {children}
    </AppShell>
  );
}
