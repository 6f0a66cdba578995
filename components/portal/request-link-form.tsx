"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";

const schema = z.object({ email: z.email("Enter the email address your invitation went to") });

export function RequestLinkForm() {
  const trpc = useTRPC();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useMutation(trpc.portal.requestLink.mutationOptions());
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });
  if (sentTo) {
    return (
      <p role="status" className="text-sm text-slate-700">
        If {sentTo} has access to a billing portal, a sign-in link is on its way. It works once and expires in
        30 minutes.
      </p>
    );
  }
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit(async ({ email }) => {
        await request.mutateAsync({ email });
        setSentTo(email);
      })}
    >
      <FormField label="Email" error={form.formState.errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register("email")} />
      </FormField>
      {request.error && (
        <p role="alert" className="text-sm text-red-700">
          {request.error.message}
        </p>
      )}
      <Button type="submit" pending={form.formState.isSubmitting}>
        Email me a sign-in link
      </Button>
    </form>
  );
}
