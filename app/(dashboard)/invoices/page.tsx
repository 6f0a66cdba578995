import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatMoney } from "@/lib/money";
import { formatDate } from "@/lib/utils";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Invoices" };

const tones = {
  draft: "neutral",
  open: "info",
  paid: "success",
  void: "neutral",
  uncollectible: "danger",
} as const;

export default async function InvoicesPage() {
  const { caller } = await requireTenant();
  const { items, total } = await caller.invoices.list({ limit: 100, offset: 0 });
  return (
    <>
      <PageHeader
        title="Invoices"
        description={`${total} invoice${total === 1 ? "" : "s"} in this tenant.`}
      />
      {items.length === 0 ? (
        <EmptyState
          title="No invoices yet"
          description="Invoices you create are pushed to the billing system linked to the customer."
        />
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Number</TH>
              <TH>Customer</TH>
              <TH>Status</TH>
              <TH className="text-right">Total</TH>
              <TH>Issued</TH>
              <TH>Due</TH>
            </tr>
          </THead>
          <TBody>
            {items.map((invoice) => (
              <TR key={invoice.id}>
                <TD className="whitespace-nowrap font-medium">{invoice.number}</TD>
                <TD>{invoice.customerName}</TD>
                <TD>
                  <Badge tone={tones[invoice.status]}>{invoice.status}</Badge>
                </TD>
                <TD className="text-right tabular-nums">
                  {formatMoney(invoice.totalMinor, invoice.currency)}
                </TD>
                <TD>{formatDate(invoice.issueDate)}</TD>
                <TD>{formatDate(invoice.dueDate)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
