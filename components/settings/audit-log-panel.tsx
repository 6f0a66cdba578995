"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";

const actions = [
  "",
  "integration.",
  "integration.created",
  "integration.connect_failed",
  "integration.tested",
  "integration.disconnected",
  "integration.linked",
  "integration.executed",
];

/** Every change in the tenant: who, what, which target, when and from where. Filter by action and date. */
export function AuditLogPanel() {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const query = useQuery(
    trpc.audit.list.queryOptions({
      action: action || undefined,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(`${to}T23:59:59`) : undefined,
      limit: 100,
      offset: 0,
    }),
  );
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label="Action">
          <Select value={action} onChange={(event) => setAction(event.target.value)}>
            {actions.map((entry) => (
              <option key={entry} value={entry}>
                {entry === "" ? "All actions" : entry.endsWith(".") ? `${entry}*` : entry}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="From">
          <Input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </FormField>
        <FormField label="To">
          <Input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </FormField>
      </div>
      {query.isError && (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      )}
      {query.data?.length === 0 ? (
        <EmptyState
          title="Nothing recorded for this filter"
          description="Connecting, testing, linking and disconnecting integrations are recorded here."
        />
      ) : (
        <Table aria-label="Audit log">
          <THead>
            <tr>
              <TH>When</TH>
              <TH>Who</TH>
              <TH>Action</TH>
              <TH>Target</TH>
              <TH>IP</TH>
            </tr>
          </THead>
          <TBody>
            {query.data?.map((entry) => (
              <TR key={entry.id}>
                <TD>{formatDateTime(entry.createdAt)}</TD>
                <TD>{entry.actorLabel}</TD>
                <TD className="font-mono text-xs">{entry.action}</TD>
                <TD className="font-mono text-xs">
                  {entry.targetType} {entry.targetId}
                </TD>
                <TD>{entry.ip ?? "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
