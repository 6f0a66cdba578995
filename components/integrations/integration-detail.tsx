"use client";

import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { HelpText } from "@/components/ui/help-text";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { capabilityLabel } from "@/lib/capability-labels";
import { formatDate } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";
import { AuditEntries } from "./audit-entries";
import { CopyField } from "./copy-field";
import { IntegrationLinks } from "./integration-links";
import { OAuthStatus } from "./oauth-status";
import { IntegrationStatusBadge } from "./status-badge";
import { SyncHealth } from "./sync-health";
import { UpdateCredentials } from "./update-credentials";

/** Status, health, credentials hints, capabilities, links and audit of one integration. */
export function IntegrationDetail({
  integrationId,
  canManage,
  tenantId,
}: {
  integrationId: string;
  canManage: boolean;
  tenantId: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: integration } = useSuspenseQuery(trpc.integrations.get.queryOptions({ integrationId }));
  const { data: capabilities } = useSuspenseQuery(
    trpc.integrations.capabilities.queryOptions({ integrationId }),
  );
  const providerInfo = useQuery(
    trpc.integrations.provider.queryOptions({ provider: integration.providerId }),
  );
  const fieldLabels = new Map((providerInfo.data?.fields ?? []).map((field) => [field.key, field.label]));
  const lastEvent = useQuery(trpc.webhooks.lastForIntegration.queryOptions({ integrationId }));
  const [name, setName] = useState(integration.name);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.pathKey() });
  const onError = (error: { message: string }) =>
    toast("That did not work", { description: error.message, tone: "error" });
  const test = useMutation(
    trpc.integrations.test.mutationOptions({
      onSuccess: async (updated) => {
        await refresh();
        toast(updated.lastTestResult?.ok ? "Connection works" : "Connection failed", {
          description: updated.lastTestResult?.message,
          tone: updated.lastTestResult?.ok ? "success" : "error",
        });
      },
      onError,
    }),
  );
  const rename = useMutation(
    trpc.integrations.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("Renamed");
      },
      onError,
    }),
  );
  const disconnect = useMutation(
    trpc.integrations.disconnect.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("Disconnected", { description: "Credentials deleted; history and links are kept." });
        router.push("/integrations");
      },
      onError,
    }),
  );

  return (
    <>
      <PageHeader
        title={integration.name}
        description={`${integration.providerName} · ${integration.externalAccountName ?? integration.externalAccountId ?? ""}`}
        actions={
          canManage && (
            <Button
              variant="secondary"
              pending={test.isPending}
              onClick={() => test.mutate({ integrationId })}
            >
              Test connection
            </Button>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-base font-semibold">Status</h2>
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="integration-status">
              <IntegrationStatusBadge status={integration.status} />
            </dd>
            {integration.statusReason && (
              <>
                <dt className="text-slate-500">Reason</dt>
                <dd>{integration.statusReason}</dd>
              </>
            )}
            <dt className="text-slate-500">Last test</dt>
            <dd>
              {integration.lastTestAt
                ? `${formatDate(integration.lastTestAt)}: ${integration.lastTestResult?.message ?? ""}`
                : "never"}
            </dd>
            {Object.entries(integration.credentialHints).map(([key, hint]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{fieldLabels.get(key) ?? key}</dt>
                <dd className="font-mono text-xs" data-testid={`hint-${key}`}>
                  {hint}
                </dd>
              </div>
            ))}
          </dl>
          <div className="mt-4">
            <CopyField label="Webhook URL" value={integration.webhookUrl} />
            <p className="mt-2 text-sm text-slate-600" data-testid="last-webhook">
              {lastEvent.data
                ? `Last event: ${lastEvent.data.eventType ?? "event"} (${lastEvent.data.status}), ${ageOf(lastEvent.data.receivedAt)} ago`
                : "No webhook event received yet."}
            </p>
          </div>
        </Card>
        <Card>
          <h2 className="text-base font-semibold">Capabilities</h2>
          <ul className="mt-3 space-y-1 text-sm">
            {capabilities.map((capability) => (
              <li key={capability.code}>
                <span className="font-medium">{capabilityLabel(capability.code)}</span>:{" "}
                <HelpText text={capability.description} />
              </li>
            ))}
          </ul>
        </Card>
        <SyncHealth
          integrationId={integrationId}
          canManage={canManage}
          syncFrequency={
            typeof integration.settings.syncFrequency === "string"
              ? integration.settings.syncFrequency
              : "hourly"
          }
        />
        {integration.oauth && <OAuthStatus integration={integration} canManage={canManage} />}
        <IntegrationLinks integrationId={integrationId} canManage={canManage} tenantId={tenantId} />
        {canManage && (
          <Card>
            <h2 className="text-base font-semibold">Manage</h2>
            <form
              className="mt-3 flex gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                rename.mutate({ integrationId, name });
              }}
            >
              <label htmlFor="rename" className="sr-only">
                Name
              </label>
              <Input id="rename" value={name} onChange={(event) => setName(event.target.value)} />
              <Button type="submit" variant="secondary" pending={rename.isPending}>
                Rename
              </Button>
            </form>
            {!integration.oauth && (
              <UpdateCredentials integrationId={integrationId} providerId={integration.providerId} />
            )}
            <Dialog>
              <DialogTrigger asChild>
                <Button variant="danger" className="mt-4">
                  Disconnect
                </Button>
              </DialogTrigger>
              <DialogContent
                title={`Disconnect ${integration.name}?`}
                description="Plugboard revokes access at the provider where it can and deletes the stored credentials. History, links and invoices stay."
              >
                <DialogActions>
                  <Button
                    variant="danger"
                    pending={disconnect.isPending}
                    onClick={() => disconnect.mutate({ integrationId })}
                  >
                    Disconnect
                  </Button>
                </DialogActions>
              </DialogContent>
            </Dialog>
          </Card>
        )}
      </div>
      {canManage && <AuditEntries targetId={integrationId} />}
    </>
  );
}

/** "42 s", "7 min", "3 h", "2 d": how long ago a time was. */
function ageOf(time: Date | string) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(time).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
