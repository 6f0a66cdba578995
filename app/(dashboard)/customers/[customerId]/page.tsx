import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerDetail } from "@/components/customers/customer-detail";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  const { tenant, caller } = await requireTenant();
  const customer = await caller.customers.byId({ customerId }).catch(() => null);
  if (!customer) notFound();
  const canManage = isTenantManager(tenant.role);
  prefetch(trpc.customers.byId.queryOptions({ customerId }));
  prefetch(trpc.invoices.listForCustomer.queryOptions({ customerId, limit: 100, offset: 0 }));
  if (canManage) prefetch(trpc.portal.access.queryOptions({ customerId }));
  return (
    <HydrateClient>
      <Link href="/customers" className="text-sm text-indigo-600 hover:underline">
        ← All customers
      </Link>
      <CustomerDetail customerId={customerId} canManage={canManage} />
    </HydrateClient>
  );
}
