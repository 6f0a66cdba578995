"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { LOGO_MAX_BYTES, tenantSettingsInput } from "@/lib/schemas/tenant";
import { useTRPC } from "@/lib/trpc/react";

const errorText = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

/** The file's bytes as base64 (for the logo upload). */
async function base64Of(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/** Name, business address, VAT/tax number and logo: printed on invoices and shown in the portal. */
export function TenantSettingsForm({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: settings } = useSuspenseQuery(trpc.tenants.settings.queryOptions());
  const save = useMutation(trpc.tenants.updateSettings.mutationOptions());
  const upload = useMutation(trpc.tenants.uploadLogo.mutationOptions());
  const removeLogo = useMutation(trpc.tenants.removeLogo.mutationOptions());
  const [logoError, setLogoError] = useState<string | null>(null);
  const form = useForm<z.input<typeof tenantSettingsInput>, unknown, z.output<typeof tenantSettingsInput>>({
    resolver: zodResolver(tenantSettingsInput),
    values: {
      name: settings.name,
      businessAddress: settings.businessAddress ?? "",
      taxNumber: settings.taxNumber ?? "",
    },
  });
  const errors = form.formState.errors;
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.tenants.pathKey() });
    router.refresh();
  };
  return (
    <Card className="space-y-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Business details</h2>
        <p className="text-sm text-slate-600">
          Printed on every invoice PDF and shown to customers in the portal. A VAT invoice needs your address
          and VAT number.
        </p>
      </div>
      <form
        noValidate
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={form.handleSubmit(async (values) => {
          try {
            await save.mutateAsync(values);
            toast("Business details saved");
            await refresh();
          } catch (error) {
            form.setError("root", { message: errorText(error) });
          }
        })}
      >
        <FormField label="Business name" error={errors.name?.message}>
          <Input disabled={!canManage} {...form.register("name")} />
        </FormField>
        <FormField label="VAT / tax number" help="e.g. GB123456789" error={errors.taxNumber?.message}>
          <Input disabled={!canManage} {...form.register("taxNumber")} />
        </FormField>
        <div className="sm:col-span-2">
          <FormField label="Business address" error={errors.businessAddress?.message}>
            <textarea
              rows={3}
              disabled={!canManage}
              className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50"
              {...form.register("businessAddress")}
            />
          </FormField>
        </div>
        {errors.root?.message && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {errors.root.message}
          </p>
        )}
        {canManage && (
          <div className="sm:col-span-2">
            <Button type="submit" pending={form.formState.isSubmitting}>
              Save details
            </Button>
          </div>
        )}
      </form>
      <div className="space-y-3 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">Logo</h3>
        {settings.logoType ? (
          // biome-ignore lint/performance/noImgElement: a small private image from our own route
          <img
            src={`/api/tenant/logo?v=${settings.updatedAt ? new Date(settings.updatedAt).getTime() : 0}`}
            alt={`${settings.name} logo`}
            className="max-h-16 max-w-48 rounded border border-slate-200 bg-white p-1"
          />
        ) : (
          <p className="text-sm text-slate-600">No logo yet.</p>
        )}
        {canManage && (
          <div className="flex flex-wrap items-end gap-3">
            <FormField
              label="Upload a logo"
              help="PNG or JPEG, at most 256 KiB"
              error={logoError ?? undefined}
            >
              <Input
                type="file"
                accept="image/png,image/jpeg"
                className="h-auto py-1.5"
                onChange={async (event) => {
                  const file = event.target.files?.[0];
                  event.target.value = "";
                  setLogoError(null);
                  if (!file) return;
                  if (file.type !== "image/png" && file.type !== "image/jpeg")
                    return setLogoError("Use a PNG or JPEG image");
                  if (file.size > LOGO_MAX_BYTES) return setLogoError("The logo must be at most 256 KiB");
                  try {
                    await upload.mutateAsync({ type: file.type, contentBase64: await base64Of(file) });
                    toast("Logo saved");
                    await refresh();
                  } catch (error) {
                    setLogoError(errorText(error));
                  }
                }}
              />
            </FormField>
            {settings.logoType && (
              <Button
                variant="ghost"
                pending={removeLogo.isPending}
                onClick={async () => {
                  await removeLogo.mutateAsync({});
                  toast("Logo removed");
                  await refresh();
                }}
              >
                Remove logo
              </Button>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
