"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerError } from "@/lib/form-errors";
import { createTenantInput, slugify } from "@/lib/schemas/tenant";
import { useTRPC } from "@/lib/trpc/react";

export function CreateTenantForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof createTenantInput>, unknown, z.output<typeof createTenantInput>>({
    resolver: zodResolver(createTenantInput),
    defaultValues: { name: "", slug: "" },
  });
  const create = useMutation(trpc.tenants.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await create.mutateAsync(values);
      router.replace("/");
      router.refresh();
    } catch (error) {
      setFormError(applyServerError(error, form.setError, ["name", "slug"]));
    }
  });
  const nameField = form.register("name", {
    onChange: (event: { target: { value: string } }) => {
      if (!form.getFieldState("slug").isDirty) form.setValue("slug", slugify(event.target.value));
    },
  });
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <FormField label="Business name" error={form.formState.errors.name?.message}>
        <Input placeholder="Acme Field Services" {...nameField} />
      </FormField>
      <FormField
        label="Tenant URL"
        help="Used in links and the admin command line."
        error={form.formState.errors.slug?.message}
      >
        <Input placeholder="acme-field-services" {...form.register("slug")} />
      </FormField>
      <FormAlert message={formError} />
      <Button type="submit" pending={form.formState.isSubmitting}>
        Create tenant
      </Button>
    </form>
  );
}
