"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dates";
import { useTRPC } from "@/lib/trpc/react";

/** Recent audit entries for one target (an integration's history). */
export function AuditEntries({ targetId }: { targetId: string }) {
  const trpc = useTRPC();
  const { data: entries } = useSuspenseQuery(
    trpc.audit.list.queryOptions({ targetId, limit: 20, offset: 0 }),
  );
  return (
    <Card className="mt-6 p-0">
      <h2 className="p-4 text-base font-semibold">History</h2>
      <Table aria-label="History">
        <THead>
          <tr>
            <TH>When</TH>
            <TH>Who</TH>
            <TH>What</TH>
            <TH>From</TH>
          </tr>
        </THead>
        <TBody>
          {entries.map((entry) => (
            <TR key={entry.id}>
              <TD>{formatDateTime(entry.createdAt)}</TD>
              <TD>{entry.actorLabel}</TD>
              <TD className="font-mono text-xs">{entry.action}</TD>
              <TD>{entry.ip ?? "—"}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
