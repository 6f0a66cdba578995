"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ErrorDetail } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { CopyField } from "./copy-field";
import { CredentialInput } from "./credential-input";

type Provider = RouterOutputs["integrations"]["provider"];
type Connected = RouterOutputs["integrations"]["connect"];
type Values = { name: string; credentials: Record<string, string | number | boolean> };

/** Setup wizard generated from the registry: fields → test against the provider → done (webhook URL and secret, once). */
export function ConnectWizard({ provider }: { provider: Provider }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<Connected | null>(null);
  const defaults = Object.fromEntries(
    provider.fields
      .filter((field) => field.defaultValue !== undefined)
      .map((field) => [field.key, field.defaultValue ?? ""]),
  );
  const form = useForm<Values>({ defaultValues: { name: "", credentials: defaults } });
  const connect = useMutation(trpc.integrations.connect.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const credentials = Object.fromEntries(
      Object.entries(values.credentials).filter(([, value]) => value !== "" && value !== undefined),
    );
    try {
      const result = await connect.mutateAsync({
        provider: provider.id,
        name: values.name.trim() || undefined,
        credentials,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
      setDone(result);
    } catch (error) {
      const shape = (error as { shape?: { details?: ErrorDetail[] }; message?: string }).shape;
      for (const detail of shape?.details ?? []) {
        const key = detail.field?.replace(/^credentials\./, "");
        if (key && provider.fields.some((field) => field.key === key)) {
          form.setError(`credentials.${key}`, { message: detail.reason ?? "Invalid value" });
        }
      }
      setFailure((error as Error).message);
    }
  });

  if (done) {
    return (
      <Card role="status" aria-live="polite">
        <h2 className="text-lg font-semibold text-emerald-700">{provider.displayName} is connected</h2>
        <p className="mt-1 text-sm text-slate-600">{done.integration.lastTestResult?.message}</p>
        <div className="mt-4 space-y-4">
          <CopyField label="Webhook URL" value={done.webhook.url} testId="webhook-url" />
          {done.webhook.secret ? (
            <>
              <CopyField
                label="Webhook signing secret (shown once)"
                value={done.webhook.secret}
                testId="webhook-secret"
              />
              <p className="text-sm text-slate-600">
                Give both to the sender: it signs every event with this secret (Standard Webhooks).
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">
              Add this URL as a webhook endpoint in {provider.displayName}'s dashboard, then copy the signing
              secret {provider.displayName} shows with <em>Update credentials</em> on the integration page, so
              every event can be verified.
            </p>
          )}
        </div>
        <Button asChild className="mt-6">
          <Link href={`/integrations/${done.integration.id}`}>Open the integration</Link>
        </Button>
      </Card>
    );
  }

  return (
    <Card>
      <form
        onSubmit={onSubmit}
        className="space-y-4"
        noValidate
        aria-describedby={failure ? "connect-failure" : undefined}
      >
        <FormField label="Name (optional)" help={`Tells several ${provider.displayName} connections apart.`}>
          <Input placeholder={provider.displayName} {...form.register("name")} />
        </FormField>
        {provider.fields.map((field) => (
          <CredentialInput
            key={field.key}
            field={field}
            form={form}
            error={form.formState.errors.credentials?.[field.key]?.message}
          />
        ))}
        <FormAlert id="connect-failure" message={failure} />
        <Button type="submit" pending={form.formState.isSubmitting}>
          {form.formState.isSubmitting
            ? `Testing the connection with ${provider.displayName}…`
            : "Test and connect"}
        </Button>
      </form>
    </Card>
  );
}
