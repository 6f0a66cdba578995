import type { Metadata } from "next";
import { ProductsPanel } from "@/components/products/products-panel";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  const { tenant } = await requireTenant();
  prefetch(trpc.products.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Products" description="An optional catalogue of invoice lines." />
      <ProductsPanel canManage={isTenantManager(tenant.role)} />
    </HydrateClient>
  );
}
