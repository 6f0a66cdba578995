"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { invoiceStatusTone, syncStatusTone } from "@/lib/sync-status";
import { useTRPC } from "@/lib/trpc/react";
import {
  invoiceListInput,
  type InvoiceStatusFilter as StatusFilter,
  invoiceStatusFilters as statusFilters,
} from "./queries";

export function InvoicesPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StatusFilter>("all");
  const { data } = useSuspenseQuery({
    ...trpc.invoices.list.queryOptions(invoiceListInput(status)),
    // Pushes run in the background: refresh while any sync is still pending.
    refetchInterval: (query) =>
      query.state.data?.items.some((invoice) => invoice.sync?.status === "pending") ? 2000 : false,
  });
  const syncAll = useMutation(trpc.invoices.syncAllPending.mutationOptions());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Status
          <select
            aria-label="Filter by status"
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            value={status}
            onChange={(event) => setStatus(event.target.value as StatusFilter)}
          >
            {statusFilters.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        {canManage && (
          <div className="flex gap-2">
            <Button
              variant="secondary"
              pending={syncAll.isPending}
              onClick={async () => {
                const result = await syncAll.mutateAsync({});
                await queryClient.invalidateQueries({ queryKey: trpc.invoices.list.queryKey() });
                toast(
                  `${result.queued} queued${result.withoutIntegration ? `, ${result.withoutIntegration} without an invoicing integration` : ""}`,
                );
              }}
            >
              Sync all pending
            </Button>
            <Link href="/invoices/new" className={buttonVariants()}>
              New invoice
            </Link>
          </div>
        )}
      </div>
      {data.items.length === 0 ? (
        <EmptyState
          title="No invoices here"
          description="Invoices you create are pushed to the billing system linked to the customer."
        />
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Number</TH>
              <TH>Customer</TH>
              <TH>Status</TH>
              <TH>Sync</TH>
              <TH className="text-right">Total</TH>
              <TH>Issued</TH>
              <TH>Due</TH>
            </tr>
          </THead>
          <TBody>
            {data.items.map((invoice) => (
              <TR key={invoice.id}>
                <TD className="whitespace-nowrap font-medium">
                  <Link href={`/invoices/${invoice.id}`} className="text-indigo-700 hover:underline">
                    {invoice.number}
                  </Link>
                </TD>
                <TD>
                  <Link className="text-indigo-700 hover:underline" href={`/customers/${invoice.customerId}`}>
                    {invoice.customerName}
                  </Link>
                </TD>
                <TD>
                  <Badge tone={invoiceStatusTone[invoice.overdue ? "overdue" : invoice.status]}>
                    {invoice.overdue ? "overdue" : invoice.status}
                  </Badge>
                </TD>
                <TD>
                  {invoice.sync ? (
                    <span className="flex items-center gap-2">
                      <Badge tone={syncStatusTone[invoice.sync.status]}>{invoice.sync.status}</Badge>
                      <span className="text-xs text-slate-500">{invoice.sync.providerName}</span>
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">—</span>
                  )}
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
    </div>
  );
}
