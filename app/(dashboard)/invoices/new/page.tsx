import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { InvoiceForm } from "@/components/invoices/invoice-form";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "New invoice" };

export default async function NewInvoicePage({
  searchParams,
}: {
  searchParams: Promise<{ customer?: string }>;
}) {
  const { tenant } = await requireTenant();
  if (!isTenantManager(tenant.role)) redirect("/invoices");
  const { customer } = await searchParams;
  prefetch(trpc.customers.list.queryOptions({ limit: 200, offset: 0 }));
  return (
    <HydrateClient>
      <Link href="/invoices" className="text-sm text-indigo-600 hover:underline">
        ← All invoices
      </Link>
      <PageHeader
        title="New invoice"
        description="Numbered automatically. Sent invoices are pushed to the customer's invoicing integration."
      />
      <InvoiceForm defaultCustomerId={customer} />
    </HydrateClient>
  );
}
