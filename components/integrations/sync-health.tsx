"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { formatTime } from "@/lib/dates";
import { syncFrequencies } from "@/lib/schemas/integration";
import { useTRPC } from "@/lib/trpc/react";

const breakerTone = { closed: "success", half_open: "warning", open: "danger" } as const;
const breakerLabel = { closed: "closed", half_open: "half-open (one trial call)", open: "open" } as const;

/** Invoices synced / pending / in error through this integration, customers known there, and its circuit breaker. */
export function SyncHealth({
  integrationId,
  canManage,
  syncFrequency,
}: {
  integrationId: string;
  canManage: boolean;
  syncFrequency: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...trpc.invoices.integrationStatus.queryOptions(), refetchInterval: 10_000 });
  const update = useMutation(
    trpc.integrations.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.get.queryKey({ integrationId }) });
        toast("Reconcile schedule saved");
      },
      onError: (error) => toast("That did not work", { description: error.message, tone: "error" }),
    }),
  );
  const entry = data?.integrations.find((item) => item.integrationId === integrationId);
  if (!entry) return null;
  const { breaker } = entry;
  return (
    <Card>
      <h2 className="text-base font-semibold">Sync</h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
        <dt className="text-slate-500">Invoices synced</dt>
        <dd data-testid="sync-count-synced">{entry.invoices.synced}</dd>
        <dt className="text-slate-500">Pending</dt>
        <dd>{entry.invoices.pending}</dd>
        <dt className="text-slate-500">Errors</dt>
        <dd className={entry.invoices.errors ? "font-medium text-red-700" : undefined}>
          {entry.invoices.errors}
        </dd>
        <dt className="text-slate-500">Customers at the provider</dt>
        <dd>{entry.customers.synced}</dd>
        <dt className="text-slate-500">
          <label htmlFor="sync-frequency">Reconcile with the provider</label>
        </dt>
        <dd>
          <Select
            id="sync-frequency"
            className="h-8"
            value={syncFrequency}
            disabled={!canManage || update.isPending}
            onChange={(event) =>
              update.mutate({
                integrationId,
                settings: { syncFrequency: event.target.value as (typeof syncFrequencies)[number] },
              })
            }
          >
            {syncFrequencies.map((frequency) => (
              <option key={frequency} value={frequency}>
                {frequency === "realtime" ? "every 5 minutes" : frequency}
              </option>
            ))}
          </Select>
        </dd>
        <dt className="text-slate-500">Circuit breaker</dt>
        <dd data-testid="breaker-state">
          <Badge tone={breakerTone[breaker.state]}>{breakerLabel[breaker.state]}</Badge>
        </dd>
        {breaker.state !== "closed" && (
          <>
            <dt className="text-slate-500">Calls resume</dt>
            <dd>{breaker.retryAt ? formatTime(breaker.retryAt) : "soon"}</dd>
            <dt className="text-slate-500">Last failure</dt>
            <dd>{breaker.lastError ?? "—"}</dd>
          </>
        )}
      </dl>
      {breaker.state !== "closed" && (
        <p className="mt-3 text-sm text-slate-600">
          After {breaker.consecutiveFailures} failures in a row, calls to the provider pause; pushes wait and
          resume by themselves.
        </p>
      )}
    </Card>
  );
}
