import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { InvoiceForm } from "@/components/invoices/invoice-form";
import { PageHeader } from "@/components/ui/card";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Edit draft" };

export default async function EditInvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const { tenant, caller } = await requireTenant();
  if (!isTenantManager(tenant.role)) redirect(`/invoices/${invoiceId}`);
  const invoice = await caller.invoices.byId({ invoiceId }).catch(() => null);
  if (!invoice) notFound();
  // Only drafts change; a sent invoice is voided or paid instead.
  if (invoice.status !== "draft") redirect(`/invoices/${invoiceId}`);
  prefetch(trpc.customers.list.queryOptions({ limit: 200, offset: 0 }));
  return (
    <HydrateClient>
      <Link href={`/invoices/${invoiceId}`} className="text-sm text-indigo-600 hover:underline">
        ← {invoice.number}
      </Link>
      <PageHeader title={`Edit draft ${invoice.number}`} description={`For ${invoice.customer.name}.`} />
      <InvoiceForm draft={{ ...invoice, customerId: invoice.customer.id }} />
    </HydrateClient>
  );
}
