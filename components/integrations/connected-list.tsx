"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";
import { IntegrationStatusBadge } from "./status-badge";

/** The tenant's connected integrations with status and last test. */
export function ConnectedIntegrations() {
  const trpc = useTRPC();
  const { data: connected } = useSuspenseQuery(trpc.integrations.list.queryOptions());
  if (connected.length === 0) return null;
  return (
    <section aria-labelledby="connected-heading" className="mb-8">
      <h2
        id="connected-heading"
        className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Connected
      </h2>
      <Table aria-label="Connected integrations">
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Provider</TH>
            <TH>Status</TH>
            <TH>Account</TH>
            <TH>Last test</TH>
          </tr>
        </THead>
        <TBody>
          {connected.map((integration) => (
            <TR key={integration.id}>
              <TD className="font-medium">
                <Link href={`/integrations/${integration.id}`} className="text-indigo-700 hover:underline">
                  {integration.name}
                </Link>
              </TD>
              <TD>{integration.providerName}</TD>
              <TD>
                <IntegrationStatusBadge status={integration.status} />
              </TD>
              <TD className="font-mono text-xs">
                {integration.externalAccountName ?? integration.externalAccountId}
              </TD>
              <TD>
                {integration.lastTestAt
                  ? `${formatDate(integration.lastTestAt)} · ${integration.lastTestResult?.ok ? "ok" : "failed"}`
                  : "never"}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </section>
  );
}
