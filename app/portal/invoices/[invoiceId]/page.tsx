import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/dates";
import { bpsToPercentString, formatMoney } from "@/lib/money";
import { invoiceStatusTone, provenanceOf } from "@/lib/sync-status";
import { serverCaller } from "@/lib/trpc/server";
import { getServerSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Invoice" };

export default async function PortalInvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  if (!(await getServerSession())) redirect("/portal/sign-in");
  const caller = await serverCaller();
  const invoice = await caller.portal.invoice({ invoiceId }).catch(() => null);
  if (!invoice) notFound();
  const status = invoice.status === "open" && invoice.overdue ? "overdue" : invoice.status;
  const provenance = invoice.sync ? provenanceOf(invoice.sync) : null;
  return (
    <div className="space-y-6">
      <Link href="/portal" className="text-sm text-indigo-600 hover:underline">
        ← Your invoices
      </Link>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold text-slate-900">
            {invoice.number}
            <Badge tone={invoiceStatusTone[status]} data-testid="portal-status">
              {status}
            </Badge>
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            From {invoice.tenantName} · issued {formatDate(invoice.issueDate)} · due{" "}
            {formatDate(invoice.dueDate)}
          </p>
          {provenance && <p className="mt-1 text-sm text-slate-700">{provenance}</p>}
        </div>
        <div className="flex gap-4 text-sm font-medium">
          {invoice.sync?.hostedUrl && (
            <a
              className="text-indigo-700 hover:underline"
              href={invoice.sync.hostedUrl}
              target="_blank"
              rel="noreferrer noopener"
            >
              View in {invoice.sync.providerName} ↗
            </a>
          )}
          <a className="text-indigo-700 hover:underline" href={`/api/portal/invoices/${invoice.id}/pdf`}>
            Download PDF
          </a>
        </div>
      </div>
      <Card className="space-y-4">
        <Table>
          <THead>
            <tr>
              <TH>Description</TH>
              <TH className="text-right">Qty</TH>
              <TH className="text-right">Unit price</TH>
              <TH className="text-right">Tax</TH>
              <TH className="text-right">Amount</TH>
            </tr>
          </THead>
          <TBody>
            {invoice.lines.map((line) => (
              <TR key={line.position}>
                <TD>{line.description}</TD>
                <TD className="text-right tabular-nums">{line.quantity}</TD>
                <TD className="text-right tabular-nums">
                  {formatMoney(line.unitAmountMinor, invoice.currency)}
                </TD>
                <TD className="text-right tabular-nums">{bpsToPercentString(line.taxRateBps)}%</TD>
                <TD className="text-right tabular-nums">{formatMoney(line.netMinor, invoice.currency)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
        <dl className="ml-auto grid w-64 grid-cols-2 gap-1 text-sm">
          <dt className="text-slate-600">Subtotal</dt>
          <dd className="text-right tabular-nums">{formatMoney(invoice.subtotalMinor, invoice.currency)}</dd>
          <dt className="text-slate-600">Tax</dt>
          <dd className="text-right tabular-nums">{formatMoney(invoice.taxMinor, invoice.currency)}</dd>
          <dt className="font-semibold">Total</dt>
          <dd className="text-right font-semibold tabular-nums" data-testid="portal-total">
            {formatMoney(invoice.totalMinor, invoice.currency)}
          </dd>
        </dl>
        {invoice.sync?.externalId && (
          <p className="text-xs text-slate-500">
            {invoice.sync.providerName} reference:{" "}
            <span className="font-mono">{invoice.sync.externalId}</span>
          </p>
        )}
        {invoice.memo && <p className="text-sm text-slate-700">{invoice.memo}</p>}
      </Card>
    </div>
  );
}
