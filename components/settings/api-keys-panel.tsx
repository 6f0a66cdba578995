"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/dates";
import { applyServerError } from "@/lib/form-errors";
import { createApiKeyInput } from "@/lib/schemas/tenant";
import { useTRPC } from "@/lib/trpc/react";

export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: keys } = useSuspenseQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<{ name: string | null; key: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const form = useForm<z.input<typeof createApiKeyInput>, unknown, z.output<typeof createApiKeyInput>>({
    resolver: zodResolver(createApiKeyInput),
    defaultValues: { name: "", expiresInDays: null },
  });
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast("API key revoked");
        await refresh();
      },
      onError: (error) => toast("Could not revoke the key", { description: error.message, tone: "error" }),
    }),
  );
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const key = await create.mutateAsync(values);
      setCreated({ name: key.name, key: key.key });
      form.reset();
      await refresh();
    } catch (error) {
      setFormError(applyServerError(error, form.setError, ["name"]));
    }
  });

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-base font-semibold">Create an API key</h2>
        <p className="mt-1 text-sm text-slate-600">
          Keys act for this tenant on the REST API (`Authorization: Bearer …`).
        </p>
        <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
          <div className="flex-1">
            <FormField label="Key name" error={form.formState.errors.name?.message}>
              <Input placeholder="Accounting sync" {...form.register("name")} />
            </FormField>
          </div>
          <Button type="submit" pending={form.formState.isSubmitting}>
            Create key
          </Button>
        </form>
        {formError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {formError}
          </p>
        )}
        {created && (
          <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-4" role="status">
            <p className="text-sm font-medium text-amber-900">Copy this key now: it is shown only once.</p>
            <div className="mt-2 flex gap-2">
              <code
                data-testid="new-api-key"
                className="flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-sm"
              >
                {created.key}
              </code>
              <Button
                size="sm"
                variant="secondary"
                onClick={async () => {
                  await navigator.clipboard.writeText(created.key);
                  toast("Copied");
                }}
              >
                Copy
              </Button>
            </div>
          </div>
        )}
      </Card>
      {keys.length === 0 ? (
        <EmptyState
          title="No API keys"
          description="Create a key to call the Plugboard REST API from your own systems."
        />
      ) : (
        <Table aria-label="API keys">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Key</TH>
              <TH>Status</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH className="sr-only">Actions</TH>
            </tr>
          </THead>
          <TBody>
            {keys.map((key) => (
              <TR key={key.id}>
                <TD className="font-medium">{key.name}</TD>
                <TD className="font-mono">{key.start}…</TD>
                <TD>
                  <Badge tone={key.enabled ? "success" : "neutral"}>
                    {key.enabled ? "active" : "disabled"}
                  </Badge>
                </TD>
                <TD>{formatDate(key.createdAt)}</TD>
                <TD>{key.lastRequest ? formatDate(key.lastRequest) : "never"}</TD>
                <TD className="text-right">
                  <Button variant="ghost" size="sm" onClick={() => revoke.mutate({ id: key.id })}>
                    Revoke
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
