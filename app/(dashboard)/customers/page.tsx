import type { Metadata } from "next";
import { CustomersPanel } from "@/components/customers/customers-panel";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage() {
  const { tenant } = await requireTenant();
  prefetch(trpc.customers.list.queryOptions({ limit: 50, offset: 0 }));
  return (
    <HydrateClient>
      <PageHeader title="Customers" description="The businesses and people this tenant invoices." />
      <CustomersPanel canManage={isTenantManager(tenant.role)} />
    </HydrateClient>
  );
}
