import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { invoiceStatusTone } from "@/lib/sync-status";
import { serverCaller } from "@/lib/trpc/server";
import { getServerSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Your invoices" };

export default async function PortalPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const session = await getServerSession();
  if (!session) {
    // A used or expired sign-in link lands here with ?error=…: the sign-in page says so.
    const { error } = await searchParams;
    redirect(error ? `/portal/sign-in?error=${encodeURIComponent(error)}` : "/portal/sign-in");
  }
  const caller = await serverCaller();
  const { items, hasAccess } = await caller.portal.invoices();
  if (!hasAccess) {
    return (
      <Card className="space-y-2">
        <h1 className="text-xl font-semibold text-slate-900">No invoices for {session.user.email}</h1>
        <p className="text-sm text-slate-600">
          {session.user.emailVerified
            ? "This address has no portal access. Ask your supplier to invite it."
            : "Open the sign-in link we email you, so we know this address is yours."}
        </p>
        {!session.user.emailVerified && (
          <Link className="text-sm text-indigo-700 hover:underline" href="/portal/sign-in">
            Email me a sign-in link
          </Link>
        )}
      </Card>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold text-slate-900">Your invoices</h1>
      {items.length === 0 ? (
        <EmptyState title="No invoices yet" description="Invoices your supplier sends you appear here." />
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Number</TH>
              <TH>From</TH>
              <TH>Status</TH>
              <TH className="text-right">Amount</TH>
              <TH>Due</TH>
            </tr>
          </THead>
          <TBody>
            {items.map((invoice) => {
              const status = invoice.status === "open" && invoice.overdue ? "overdue" : invoice.status;
              return (
                <TR key={invoice.id}>
                  <TD className="font-medium">
                    <Link className="text-indigo-700 hover:underline" href={`/portal/invoices/${invoice.id}`}>
                      {invoice.number}
                    </Link>
                  </TD>
                  <TD>{invoice.tenantName}</TD>
                  <TD>
                    <Badge tone={invoiceStatusTone[status]}>{status}</Badge>
                  </TD>
                  <TD className="text-right tabular-nums">
                    {formatMoney(invoice.totalMinor, invoice.currency)}
                  </TD>
                  <TD>{formatDate(invoice.dueDate)}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
