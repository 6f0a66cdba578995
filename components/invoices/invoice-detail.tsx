"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate, formatDateTime } from "@/lib/dates";
import { bpsToPercentString, formatMoney } from "@/lib/money";
import { invoiceStatusTone } from "@/lib/sync-status";
import { useTRPC } from "@/lib/trpc/react";
import { RecordPaymentButton, SendInvoiceButton, VoidInvoiceButton } from "./invoice-actions";
import { SyncCard } from "./sync-card";

const paymentMethodLabel: Record<string, string> = {
  card: "Card",
  bank_transfer: "Bank transfer",
  cash: "Cash",
  cheque: "Cheque",
  other: "Other",
};

export function InvoiceDetail({ invoiceId, canManage }: { invoiceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: invoice } = useSuspenseQuery({
    ...trpc.invoices.byId.queryOptions({ invoiceId }),
    // The push runs in the background: follow it until it settles.
    refetchInterval: (query) =>
      query.state.data?.syncs.some((sync) => sync.status === "pending") ? 1500 : false,
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.invoices.byId.queryKey({ invoiceId }) });
  const syncNow = useMutation(trpc.invoices.syncNow.mutationOptions());
  const remove = useMutation(trpc.invoices.deleteDraft.mutationOptions());
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toast(done);
    } catch (error) {
      toast(error instanceof Error ? error.message : "Something went wrong", { tone: "error" });
    }
    await refresh();
  };
  const shownStatus = invoice.overdue ? "overdue" : invoice.status;
  const [latest] = invoice.syncs;
  // Something to sync: an open invoice with no sync yet, a push waiting or failed, or a status to re-read.
  const canSync =
    invoice.status === "open" &&
    (!latest || ["pending", "failed"].includes(latest.status) || Boolean(latest.externalId));
  const facts = {
    ...invoice,
    localOnlyProviders: invoice.syncs
      .filter((sync) => sync.externalId && !sync.settlesAtProvider && !["paid", "void"].includes(sync.status))
      .map((sync) => sync.providerName),
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold text-slate-900">
            {invoice.number}
            <Badge tone={invoiceStatusTone[shownStatus]} data-testid="invoice-status">
              {shownStatus}
            </Badge>
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            <Link className="text-indigo-700 hover:underline" href={`/customers/${invoice.customer.id}`}>
              {invoice.customer.name}
            </Link>{" "}
            · issued {formatDate(invoice.issueDate)} · due {formatDate(invoice.dueDate)}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <a
            className="text-sm font-medium text-indigo-700 hover:underline"
            href={`/api/invoices/${invoice.id}/pdf`}
          >
            Download PDF
          </a>
          {canManage && invoice.status === "draft" && (
            <>
              <Link
                className={buttonVariants({ variant: "secondary" })}
                href={`/invoices/${invoice.id}/edit`}
              >
                Edit
              </Link>
              <SendInvoiceButton
                invoice={invoice}
                destination="It is pushed to the customer's invoicing integration."
                onDone={refresh}
              />
              <Button
                variant="danger"
                pending={remove.isPending}
                onClick={async () => {
                  if (!window.confirm(`Delete draft ${invoice.number}?`)) return;
                  await remove.mutateAsync({ invoiceId });
                  toast("Draft deleted");
                  router.push("/invoices");
                }}
              >
                Delete draft
              </Button>
            </>
          )}
          {canManage && invoice.status === "open" && (
            <>
              <RecordPaymentButton invoice={facts} onDone={refresh} />
              <VoidInvoiceButton invoice={facts} onDone={refresh} />
            </>
          )}
          {canManage && canSync && (
            <Button
              variant="secondary"
              pending={syncNow.isPending}
              onClick={() =>
                run(async () => {
                  const result = await syncNow.mutateAsync({ invoiceId });
                  if (result.action === "no_integration") throw new Error(result.message);
                }, "Sync requested")
              }
            >
              Sync now
            </Button>
          )}
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
          <dd className="text-right font-semibold tabular-nums" data-testid="invoice-total">
            {formatMoney(invoice.totalMinor, invoice.currency)}
          </dd>
        </dl>
        {invoice.memo && <p className="text-sm text-slate-700">{invoice.memo}</p>}
      </Card>

      {invoice.payments.length > 0 && (
        <Card className="space-y-3">
          <h2 className="text-base font-semibold text-slate-900">Payments</h2>
          <Table>
            <THead>
              <tr>
                <TH>Paid on</TH>
                <TH>Method</TH>
                <TH>Reference</TH>
                <TH className="text-right">Amount</TH>
              </tr>
            </THead>
            <TBody>
              {invoice.payments.map((payment) => (
                <TR key={payment.id}>
                  <TD>{formatDate(payment.paidOn)}</TD>
                  <TD>{paymentMethodLabel[payment.method]}</TD>
                  <TD>{payment.reference ?? ""}</TD>
                  <TD className="text-right tabular-nums">
                    {formatMoney(payment.amountMinor, invoice.currency)}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <p className="text-right text-sm text-slate-700" data-testid="amount-due">
            Paid {formatMoney(invoice.amountPaidMinor, invoice.currency)} · due{" "}
            {formatMoney(invoice.amountDueMinor, invoice.currency)}
          </p>
        </Card>
      )}

      <Card className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">Sync</h2>
        {invoice.syncBlockedReason && (
          <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {invoice.syncBlockedReason}
          </p>
        )}
        {invoice.status === "draft" && (
          <p className="text-sm text-slate-600">Drafts stay here until they are sent.</p>
        )}
        {invoice.syncs.map((sync) => (
          <SyncCard key={sync.id} sync={sync} />
        ))}
      </Card>

      {invoice.history.length > 0 && (
        <Card className="space-y-3">
          <h2 className="text-base font-semibold text-slate-900">History</h2>
          <Table>
            <THead>
              <tr>
                <TH>When</TH>
                <TH>Source</TH>
                <TH>Change</TH>
                <TH>Details</TH>
              </tr>
            </THead>
            <TBody>
              {invoice.history.map((entry) => (
                <TR key={entry.id}>
                  <TD className="whitespace-nowrap">{formatDateTime(entry.createdAt)}</TD>
                  <TD>{entry.source}</TD>
                  <TD className="whitespace-nowrap">
                    {entry.action === "status_change"
                      ? `${entry.fromStatus} → ${entry.toStatus}`
                      : entry.action === "push_attempt"
                        ? `attempt ${entry.attempt ?? ""} failed`
                        : entry.action === "ignored"
                          ? `${entry.toStatus} ignored`
                          : `${entry.toStatus} confirmed`}
                  </TD>
                  <TD className={entry.ok ? "text-slate-700" : "text-red-700"}>{entry.message ?? ""}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
