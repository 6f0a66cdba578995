import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InvoiceDetail } from "@/components/invoices/invoice-detail";
import { isTenantManager } from "@/lib/roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Invoice" };

export default async function InvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const { tenant, caller } = await requireTenant();
  const invoice = await caller.invoices.byId({ invoiceId }).catch(() => null);
  if (!invoice) notFound();
  prefetch(trpc.invoices.byId.queryOptions({ invoiceId }));
  return (
    <HydrateClient>
      <Link href="/invoices" className="text-sm text-indigo-600 hover:underline">
        ← All invoices
      </Link>
      <InvoiceDetail invoiceId={invoiceId} canManage={isTenantManager(tenant.role)} />
    </HydrateClient>
  );
}
