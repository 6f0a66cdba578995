import type { Metadata } from "next";
import { InvoicesPanel } from "@/components/invoices/invoices-panel";
import { invoiceListInput } from "@/components/invoices/queries";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Invoices" };

export default async function InvoicesPage() {
  const { tenant } = await requireTenant();
  prefetch(trpc.invoices.list.queryOptions(invoiceListInput("all")));
  return (
    <HydrateClient>
      <PageHeader
        title="Invoices"
        description="Invoices are pushed to the billing system linked to each customer, and their status flows back."
      />
      <InvoicesPanel canManage={isTenantManager(tenant.role)} />
    </HydrateClient>
  );
}
