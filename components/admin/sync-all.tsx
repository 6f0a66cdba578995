"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";

/** Re-queues every tenant's pending and failed invoice pushes, e.g. after a provider outage. */
export function SyncAllTenants() {
  const trpc = useTRPC();
  const sync = useMutation(
    trpc.admin.syncAllPending.mutationOptions({
      onSuccess: (result) =>
        toast(`${result.queued} pushes queued`, {
          description: result.withoutIntegration
            ? `${result.withoutIntegration} open invoices have no invoicing integration linked.`
            : undefined,
        }),
      onError: (error) => toast("Could not queue", { description: error.message, tone: "error" }),
    }),
  );
  return (
    <Card className="mt-6">
      <h2 className="text-base font-semibold">Invoice sync</h2>
      <p className="mt-1 text-sm text-slate-600">
        Queue every pending or failed invoice push in every tenant again, with a fresh attempt budget.
      </p>
      <Button className="mt-3" pending={sync.isPending} onClick={() => sync.mutate({})}>
        Sync all pending (all tenants)
      </Button>
    </Card>
  );
}
