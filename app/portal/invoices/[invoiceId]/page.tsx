import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/dates";
import { bpsToPercentString, formatMoney } from "@/lib/money";
import { invoiceStatusTone, paymentLineOf } from "@/lib/sync-status";
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
  const paidLine =
    invoice.status === "paid" && invoice.paidAt
      ? paymentLineOf({
          paidAt: invoice.paidAt,
          paymentMethod: invoice.paymentMethod,
          providerName: invoice.sync?.providerName ?? null,
        })
      : null;
  const { supplier } = invoice;
  // The hosted page asks for the full amount: after a part payment, the customer pays the rest another way.
  const partlyPaid = invoice.status === "open" && invoice.amountPaidMinor > 0;
  const canPay = invoice.status === "open" && invoice.sync?.hostedUrl && !partlyPaid;
  return (
    <div className="space-y-6">
      <Link href="/portal" className="text-sm text-indigo-600 hover:underline">
        ← Your invoices
      </Link>
      <section
        className="flex items-start gap-4 rounded-lg border border-slate-200 bg-white p-4"
        aria-label="Supplier"
      >
        {supplier.hasLogo && (
          // biome-ignore lint/performance/noImgElement: a small private image from our own route
          <img
            src={`/api/portal/invoices/${invoice.id}/logo`}
            alt={`${supplier.name} logo`}
            className="max-h-14 max-w-40 object-contain"
          />
        )}
        <div className="text-sm text-slate-600">
          <p className="text-base font-semibold text-slate-900">{supplier.name}</p>
          {supplier.businessAddress && <p className="whitespace-pre-line">{supplier.businessAddress}</p>}
          {supplier.taxNumber && <p>VAT/tax number: {supplier.taxNumber}</p>}
        </div>
      </section>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold text-slate-900">
            {invoice.number}
            <Badge tone={invoiceStatusTone[status]} data-testid="portal-status">
              {status}
            </Badge>
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Issued {formatDate(invoice.issueDate)} · due {formatDate(invoice.dueDate)}
          </p>
          {partlyPaid && (
            <p className="mt-1 text-sm text-slate-700" data-testid="portal-part-paid">
              {formatMoney(invoice.amountPaidMinor, invoice.currency)} received ·{" "}
              {formatMoney(invoice.amountDueMinor, invoice.currency)} still due
            </p>
          )}
          {paidLine && (
            <p className="mt-1 text-sm font-medium text-emerald-700" data-testid="portal-paid">
              {paidLine}
            </p>
          )}
        </div>
        <div className="flex gap-4 text-sm font-medium">
          {canPay && (
            <a
              className={buttonVariants()}
              href={invoice.sync?.hostedUrl ?? undefined}
              target="_blank"
              rel="noreferrer noopener"
            >
              Pay now
            </a>
          )}
          <a
            className="self-center text-indigo-700 hover:underline"
            href={`/api/portal/invoices/${invoice.id}/pdf`}
          >
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
