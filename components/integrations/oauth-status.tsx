"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { OAuthConnectButton } from "./oauth-connect";

type Integration = RouterOutputs["integrations"]["get"];

/** OAuth health: token lifetime, last refreshes, missing scopes, the Xero organisation, Reconnect. */
export function OAuthStatus({ integration, canManage }: { integration: Integration; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.oauth.tokenStatus.queryOptions({ integrationId: integration.id }));
  const choose = useMutation(
    trpc.oauth.chooseOrganisation.mutationOptions({
      onSuccess: async () => {
        toast("Organisation saved");
        await queryClient.invalidateQueries({ queryKey: trpc.pathKey() });
      },
      onError: (error) => toast("Not saved", { description: error.message, tone: "error" }),
    }),
  );
  const facts = integration.oauth;
  const needsReconnect = integration.status === "error";
  return (
    <Card>
      <h2 className="text-base font-semibold">Authorization</h2>
      {needsReconnect && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-700">
          {integration.providerName} no longer accepts this connection ({integration.statusReason}). Reconnect
          to restore it: the integration keeps its id, links and history.
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
        <dt className="text-slate-500">Access token expires</dt>
        <dd data-testid="token-expiry">
          {status.data?.expiresAt ? formatDateTime(status.data.expiresAt) : "—"}
        </dd>
        <dt className="text-slate-500">Last refresh</dt>
        <dd>
          {status.data?.attempts[0]
            ? `${formatDateTime(status.data.attempts[0].attemptedAt)} (${status.data.attempts[0].outcome})`
            : "none yet"}
        </dd>
        {facts?.missingScopes.length ? (
          <>
            <dt className="text-slate-500">Missing scopes</dt>
            <dd className="text-amber-700">{facts.missingScopes.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {facts && facts.organisations.length > 1 && canManage && (
        <div className="mt-4">
          <p className="text-sm font-medium">Which organisation should Plugboard work with?</p>
          <ul className="mt-2 space-y-2" aria-label="Organisations">
            {facts.organisations.map((organisation) => (
              <li key={organisation.tenantId} className="flex items-center justify-between gap-2 text-sm">
                <span>
                  {organisation.tenantName ?? organisation.tenantId}
                  {integration.externalAccountId === organisation.tenantId && " (chosen)"}
                </span>
                <Button
                  size="sm"
                  variant="secondary"
                  pending={choose.isPending}
                  onClick={() =>
                    choose.mutate({ integrationId: integration.id, xeroTenantId: organisation.tenantId })
                  }
                >
                  Use this one
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canManage && (
        <div className="mt-4">
          <OAuthConnectButton
            provider={integration.providerId}
            displayName={integration.providerName}
            integrationId={integration.id}
            label="Reconnect"
          />
        </div>
      )}
    </Card>
  );
}
