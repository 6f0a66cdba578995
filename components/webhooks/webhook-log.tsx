"use client";

import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";
import { WebhookEventDetail } from "./webhook-event-detail";

const statusTone = { received: "info", processed: "success", failed: "danger", ignored: "neutral" } as const;
type Status = keyof typeof statusTone;

/** Inbound events with filters (integration, status, type, time), detail and replay. */
export function WebhookLog({ canReplay }: { canReplay: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: connected } = useSuspenseQuery(trpc.integrations.list.queryOptions());
  const [filter, setFilter] = useState<{
    integrationId?: string;
    status?: Status;
    eventType?: string;
    from?: string;
  }>({});
  const [selected, setSelected] = useState<string | null>(null);
  const query = {
    integrationId: filter.integrationId,
    status: filter.status,
    eventType: filter.eventType || undefined,
    from: filter.from ? new Date(filter.from) : undefined,
  };
  const events = useQuery({
    ...trpc.webhooks.list.queryOptions({ ...query, limit: 100, offset: 0 }),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  });
  const replayFailed = useMutation(
    trpc.webhooks.replayFailed.mutationOptions({
      onSuccess: async ({ replayed }) => {
        toast(`${replayed} failed event${replayed === 1 ? "" : "s"} queued again`);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) => toast("Replay failed", { description: error.message, tone: "error" }),
    }),
  );

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-4">
        <FormField label="Integration">
          <Select
            value={filter.integrationId ?? ""}
            onChange={(event) => setFilter({ ...filter, integrationId: event.target.value || undefined })}
          >
            <option value="">All</option>
            {connected.map((integration) => (
              <option key={integration.id} value={integration.id}>
                {integration.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Status">
          <Select
            value={filter.status ?? ""}
            onChange={(event) =>
              setFilter({ ...filter, status: (event.target.value || undefined) as Status | undefined })
            }
          >
            <option value="">All</option>
            {Object.keys(statusTone).map((status) => (
              <option key={status}>{status}</option>
            ))}
          </Select>
        </FormField>
        <FormField label="Event type">
          <Input
            placeholder="invoice.paid"
            value={filter.eventType ?? ""}
            onChange={(event) => setFilter({ ...filter, eventType: event.target.value })}
          />
        </FormField>
        <FormField label="Since">
          <Input
            type="date"
            value={filter.from ?? ""}
            onChange={(event) => setFilter({ ...filter, from: event.target.value || undefined })}
          />
        </FormField>
      </div>
      {canReplay && (
        <Button
          variant="secondary"
          size="sm"
          pending={replayFailed.isPending}
          onClick={() => replayFailed.mutate(query)}
        >
          Replay all failed in this filter
        </Button>
      )}
      {events.data?.length === 0 ? (
        <EmptyState
          title="No webhook events"
          description="Events appear here as soon as a provider posts to an integration's webhook URL (shown on the integration page)."
        />
      ) : (
        <Table aria-label="Webhook events">
          <THead>
            <tr>
              <TH>Received</TH>
              <TH>Provider</TH>
              <TH>Event</TH>
              <TH>Status</TH>
              <TH>Duplicates</TH>
              <TH className="sr-only">Open</TH>
            </tr>
          </THead>
          <TBody>
            {events.data?.map((event) => (
              <TR key={event.id}>
                <TD>{formatDateTime(event.receivedAt)}</TD>
                <TD>{event.providerId}</TD>
                <TD className="font-mono text-xs">{event.eventType ?? "—"}</TD>
                <TD>
                  <Badge tone={statusTone[event.status]}>{event.status}</Badge>
                </TD>
                <TD>{event.duplicateCount}</TD>
                <TD>
                  <Button variant="ghost" size="sm" onClick={() => setSelected(event.id)}>
                    Details
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {selected && (
        <WebhookEventDetail id={selected} canReplay={canReplay} onClose={() => setSelected(null)} />
      )}
    </div>
  );
}
