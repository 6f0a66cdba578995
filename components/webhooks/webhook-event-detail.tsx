"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";

function prettyJson(text: string) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One event: secret-free headers, payload, verification, duplicates, attempts, error and outcome. */
export function WebhookEventDetail({
  id,
  canReplay,
  onClose,
}: {
  id: string;
  canReplay: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const event = useQuery(trpc.webhooks.get.queryOptions({ id }));
  const replay = useMutation(
    trpc.webhooks.replay.mutationOptions({
      onSuccess: async () => {
        toast("Event queued again");
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) => toast("Replay failed", { description: error.message, tone: "error" }),
    }),
  );
  const data = event.data;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={data?.eventType ?? "Webhook event"}
        description={data ? `Received ${formatDateTime(data.receivedAt)}` : undefined}
      >
        {data && (
          <div className="max-h-[70vh] space-y-3 overflow-y-auto text-sm">
            <dl className="grid grid-cols-2 gap-2">
              <dt className="text-slate-500">Status</dt>
              <dd data-testid="event-status">{data.status}</dd>
              <dt className="text-slate-500">Verification</dt>
              <dd>{data.verification.ok ? `valid ${data.verification.scheme} signature` : "failed"}</dd>
              <dt className="text-slate-500">Duplicates</dt>
              <dd>{data.duplicateCount}</dd>
              <dt className="text-slate-500">Attempts</dt>
              <dd>{data.attempts}</dd>
              {data.outcome && (
                <>
                  <dt className="text-slate-500">Outcome</dt>
                  <dd>{data.outcome}</dd>
                </>
              )}
              {data.lastError && (
                <>
                  <dt className="text-slate-500">Last error</dt>
                  <dd className="text-red-700">{data.lastError}</dd>
                </>
              )}
            </dl>
            {data.changes.length > 0 && (
              <div>
                <p className="font-medium">Invoices it changed</p>
                <ul className="mt-1 space-y-1" aria-label="Invoices changed">
                  {data.changes.map((change) => (
                    <li key={`${change.invoiceId}-${change.action}-${change.toStatus}`}>
                      <Link
                        className="text-indigo-700 hover:underline"
                        href={`/invoices/${change.invoiceId}`}
                      >
                        {change.invoiceNumber}
                      </Link>{" "}
                      {change.action === "status_change"
                        ? `${change.fromStatus} → ${change.toStatus}`
                        : change.action === "ignored"
                          ? `kept ${change.fromStatus} (${change.toStatus} was older)`
                          : `${change.toStatus} confirmed`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <details>
              <summary className="cursor-pointer font-medium">Headers</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                {JSON.stringify(data.headers, null, 2)}
              </pre>
            </details>
            <details open>
              <summary className="cursor-pointer font-medium">Payload</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                {prettyJson(data.body)}
              </pre>
            </details>
            {canReplay && (
              <Button
                size="sm"
                variant="secondary"
                pending={replay.isPending}
                onClick={() => replay.mutate({ id })}
              >
                Replay
              </Button>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
