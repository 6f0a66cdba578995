"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { forgotPasswordInput } from "@/lib/schemas/tenant";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof forgotPasswordInput>, unknown, z.output<typeof forgotPasswordInput>>({
    resolver: zodResolver(forgotPasswordInput),
  });
  const onSubmit = form.handleSubmit(async ({ email }) => {
    setFormError(null);
    const { error } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    if (error) {
      setFormError(error.message ?? "Could not send the link. Try again in a minute.");
      return;
    }
    setSentTo(email);
  });
  return (
    <Card>
      <h1 className="text-lg font-semibold">Reset your password</h1>
      {sentTo ? (
        <p role="status" className="mt-4 text-sm text-slate-700">
          Check your inbox: if {sentTo} has an account, a link to choose a new password is on its way. It
          works once and expires in 1 hour.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
          <FormField label="Email" error={form.formState.errors.email?.message}>
            <Input type="email" autoComplete="email" {...form.register("email")} />
          </FormField>
          <FormAlert message={formError} />
          <Button type="submit" className="w-full" pending={form.formState.isSubmitting}>
            Email me a reset link
          </Button>
        </form>
      )}
      <p className="mt-4 text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-indigo-600 hover:underline">
          Back to sign in
        </Link>
      </p>
    </Card>
  );
}
