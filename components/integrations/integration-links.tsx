"use client";

import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";

const purposes = ["invoicing", "payment_processing", "accounting_sync", "notification"] as const;

/** What this integration serves: the whole tenant or given customers, per purpose, one default each. */
export function IntegrationLinks({
  integrationId,
  canManage,
  tenantId,
}: {
  integrationId: string;
  canManage: boolean;
  tenantId: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: links } = useSuspenseQuery(trpc.links.ofIntegration.queryOptions({ integrationId }));
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ limit: 200, offset: 0 }),
    enabled: canManage,
  });
  const [target, setTarget] = useState("tenant");
  const [purpose, setPurpose] = useState<(typeof purposes)[number]>("invoicing");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.pathKey() });
  const onError = (error: { message: string }) =>
    toast("That did not work", { description: error.message, tone: "error" });
  const link = useMutation(
    trpc.links.link.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("Linked as default");
      },
      onError,
    }),
  );
  const unlink = useMutation(trpc.links.unlink.mutationOptions({ onSuccess: refresh, onError }));
  const entityOf = (value: string) =>
    value === "tenant"
      ? { entity_type: "tenant" as const, entity_id: tenantId }
      : { entity_type: "customer" as const, entity_id: value };

  return (
    <Card>
      <h2 className="text-base font-semibold">Linked to</h2>
      {links.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          Not linked yet: link it to the tenant or to a customer so invoices know where to go.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Links">
          {links.map((entry) => (
            <li key={entry.id} className="flex items-center justify-between gap-2 py-2">
              <span>
                {entry.label} · {entry.purpose.replace("_", " ")}{" "}
                {entry.isDefault && <Badge tone="info">default</Badge>}
              </span>
              {canManage && (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    unlink.mutate({
                      entity_type: entry.entityType,
                      entity_id: entry.entityId,
                      integrationId,
                      purpose: entry.purpose,
                    })
                  }
                >
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="mt-4 grid gap-2 sm:grid-cols-[1fr_1fr_auto]"
          onSubmit={(event) => {
            event.preventDefault();
            link.mutate({ ...entityOf(target), integrationId, purpose, isDefault: true });
          }}
        >
          <label className="sr-only" htmlFor="link-target">
            Link to
          </label>
          <Select id="link-target" value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="tenant">Whole tenant (default)</option>
            {customers.data?.items.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name}
              </option>
            ))}
          </Select>
          <label className="sr-only" htmlFor="link-purpose">
            Purpose
          </label>
          <Select
            id="link-purpose"
            value={purpose}
            onChange={(event) => setPurpose(event.target.value as (typeof purposes)[number])}
          >
            {purposes.map((entry) => (
              <option key={entry} value={entry}>
                {entry.replace("_", " ")}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary" pending={link.isPending}>
            Link as default
          </Button>
        </form>
      )}
    </Card>
  );
}
