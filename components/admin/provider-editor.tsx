"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ProviderLogo } from "@/components/integrations/provider-logo";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { capabilityCodes } from "@/server/providers/types";

type ProviderRow = RouterOutputs["admin"]["providers"][number];

/** Platform admins edit each provider's display fields, status and capabilities. */
export function ProviderAdmin() {
  const trpc = useTRPC();
  const { data: rows } = useSuspenseQuery(trpc.admin.providers.queryOptions());
  const [selected, setSelected] = useState(rows[0]?.id ?? "");
  const row = rows.find((entry) => entry.id === selected);
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <nav aria-label="Providers">
        <ul className="space-y-1">
          {rows.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                onClick={() => setSelected(entry.id)}
                aria-current={entry.id === selected ? "true" : undefined}
                className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 aria-[current=true]:bg-indigo-50"
              >
                <ProviderLogo svg={entry.logo} name={entry.displayName} size={20} />
                {entry.displayName}
                {entry.status !== "active" && (
                  <span className="text-xs text-slate-500">({entry.status})</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {row && <ProviderForm key={row.id} row={row} onSaved={() => toast("Saved")} />}
    </div>
  );
}

function ProviderForm({ row, onSaved }: { row: ProviderRow; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    displayName: row.displayName,
    description: row.description,
    status: row.status,
    logo: row.logo,
  });
  const onError = (error: { message: string }) =>
    toast("Not saved", { description: error.message, tone: "error" });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
    onSaved();
  };
  const save = useMutation(trpc.admin.updateProvider.mutationOptions({ onSuccess: refresh, onError }));
  const saveCapability = useMutation(
    trpc.admin.saveCapability.mutationOptions({ onSuccess: refresh, onError }),
  );
  const disableCapability = useMutation(
    trpc.admin.disableCapability.mutationOptions({ onSuccess: refresh, onError }),
  );
  return (
    <div className="space-y-6">
      <Card>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({
              connection_code: row.id,
              ...draft,
              status: draft.status as "active" | "beta" | "deprecated",
            });
          }}
        >
          <FormField label="Display name">
            <Input
              value={draft.displayName}
              onChange={(event) => setDraft({ ...draft, displayName: event.target.value })}
            />
          </FormField>
          <FormField label="Description">
            <Input
              value={draft.description}
              onChange={(event) => setDraft({ ...draft, description: event.target.value })}
            />
          </FormField>
          <FormField label="Status" help="Deprecated providers cannot be newly connected.">
            <Select
              value={draft.status}
              onChange={(event) => setDraft({ ...draft, status: event.target.value })}
            >
              <option>active</option>
              <option>beta</option>
              <option>deprecated</option>
            </Select>
          </FormField>
          <FormField label="Logo (SVG)" help="One <svg> element; no scripts or external references.">
            <textarea
              className="h-24 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
              value={draft.logo}
              onChange={(event) => setDraft({ ...draft, logo: event.target.value })}
            />
          </FormField>
          <Button type="submit" pending={save.isPending}>
            Save provider
          </Button>
        </form>
      </Card>
      <Card>
        <h2 className="text-base font-semibold">Capabilities</h2>
        <ul className="mt-3 space-y-4">
          {row.capabilities.map((capability) => (
            <CapabilityRow
              key={capability.code}
              capability={capability}
              pending={saveCapability.isPending || disableCapability.isPending}
              onSave={(description, parameters) => {
                const code = capabilityCodes.find((known) => known === capability.code);
                if (code)
                  saveCapability.mutate({
                    connection_code: row.id,
                    capability_code: code,
                    description,
                    parameters,
                    enabled: true,
                  });
              }}
              onDisable={() =>
                disableCapability.mutate({ connection_code: row.id, capability_code: capability.code })
              }
            />
          ))}
        </ul>
      </Card>
    </div>
  );
}

function CapabilityRow(props: {
  capability: ProviderRow["capabilities"][number];
  pending: boolean;
  onSave: (description: string, parameters: Record<string, unknown>) => void;
  onDisable: () => void;
}) {
  const [description, setDescription] = useState(props.capability.description);
  const [parameters, setParameters] = useState(JSON.stringify(props.capability.parameters, null, 2));
  const [error, setError] = useState<string | undefined>();
  return (
    <li className="rounded-md border border-slate-200 p-3">
      <p className="font-mono text-sm">
        {props.capability.code}{" "}
        {!props.capability.enabled && <span className="text-xs text-slate-500">(disabled)</span>}
      </p>
      <div className="mt-2 space-y-2">
        <FormField label="Description">
          <Input value={description} onChange={(event) => setDescription(event.target.value)} />
        </FormField>
        <FormField label="Parameters (JSON Schema)" error={error}>
          <textarea
            className="h-32 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
            value={parameters}
            onChange={(event) => setParameters(event.target.value)}
          />
        </FormField>
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            pending={props.pending}
            onClick={() => {
              try {
                const parsed: unknown = JSON.parse(parameters);
                if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
                  throw new Error("must be a JSON object");
                setError(undefined);
                props.onSave(description, parsed as Record<string, unknown>);
              } catch (caught) {
                setError(`Not valid JSON: ${(caught as Error).message}`);
              }
            }}
          >
            {props.capability.enabled ? "Save capability" : "Save and enable"}
          </Button>
          {props.capability.enabled && (
            <Button size="sm" variant="ghost" pending={props.pending} onClick={props.onDisable}>
              Disable
            </Button>
          )}
        </div>
      </div>
    </li>
  );
}
