"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import type { ErrorDetail } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc/react";
import { CredentialInput } from "./credential-input";

type Values = { name: string; credentials: Record<string, string | number | boolean> };

/**
 * Changes an API-key integration's credentials in place (same id, same webhook URL): only the fields
 * filled in are sent, the rest keep their stored values; the server checks the result with the
 * provider before storing it.
 */
export function UpdateCredentials({
  integrationId,
  providerId,
}: {
  integrationId: string;
  providerId: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const provider = useQuery(trpc.integrations.provider.queryOptions({ provider: providerId }));
  const form = useForm<Values>({ defaultValues: { name: "", credentials: {} } });
  const update = useMutation(trpc.integrations.update.mutationOptions());
  const fields = (provider.data?.fields ?? []).filter((field) => field.kind !== "boolean");
  if (provider.data && (provider.data.authMode === "oauth2" || fields.length === 0)) return null;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const credentials = Object.fromEntries(
      Object.entries(values.credentials).filter(
        ([, value]) =>
          value !== "" && value !== undefined && !(typeof value === "number" && Number.isNaN(value)),
      ),
    );
    if (Object.keys(credentials).length === 0) {
      setFailure("Fill in at least one field; blank fields keep their stored value.");
      return;
    }
    try {
      await update.mutateAsync({ integrationId, credentials });
      await queryClient.invalidateQueries({ queryKey: trpc.pathKey() });
      form.reset({ name: "", credentials: {} });
      setOpen(false);
      toast("Credentials updated", { description: "Checked with the provider and stored.", tone: "success" });
    } catch (error) {
      const shape = (error as { shape?: { details?: ErrorDetail[] } }).shape;
      for (const detail of shape?.details ?? []) {
        const key = detail.field?.replace(/^credentials\./, "");
        if (key && fields.some((field) => field.key === key)) {
          form.setError(`credentials.${key}`, { message: detail.reason ?? "Invalid value" });
        }
      }
      setFailure((error as Error).message);
    }
  });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" className="mt-4 mr-2">
          Update credentials
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Update credentials"
        description="Fill in only what changes; blank fields keep their stored value. The integration, its webhook URL, links and history stay."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {fields.map((field) => (
            <CredentialInput
              key={field.key}
              field={field}
              form={form}
              keepBlank
              error={form.formState.errors.credentials?.[field.key]?.message}
            />
          ))}
          <FormAlert message={failure} />
          <Button type="submit" pending={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? "Checking with the provider…" : "Check and save"}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
