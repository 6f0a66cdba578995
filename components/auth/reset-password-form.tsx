"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { resetPasswordInput } from "@/lib/schemas/tenant";

export function ResetPasswordForm({ token }: { token: string | null }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof resetPasswordInput>, unknown, z.output<typeof resetPasswordInput>>({
    resolver: zodResolver(resetPasswordInput),
  });
  const onSubmit = form.handleSubmit(async ({ password }) => {
    if (!token) return;
    setFormError(null);
    const { error } = await authClient.resetPassword({ newPassword: password, token });
    if (error) {
      setFormError(
        error.code === "INVALID_TOKEN"
          ? "This link has expired or was already used. Ask for a new one."
          : (error.message ?? "Could not change the password. Try again."),
      );
      return;
    }
    router.replace("/sign-in?reason=reset");
  });
  return (
    <Card>
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      {token ? (
        <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
          <FormField
            label="New password"
            help="At least 8 characters."
            error={form.formState.errors.password?.message}
          >
            <Input type="password" autoComplete="new-password" {...form.register("password")} />
          </FormField>
          <FormField label="Repeat the new password" error={form.formState.errors.confirm?.message}>
            <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
          </FormField>
          <FormAlert message={formError} />
          <Button type="submit" className="w-full" pending={form.formState.isSubmitting}>
            Change password
          </Button>
        </form>
      ) : (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-700">
          This link has expired or was already used. Ask for a new one.
        </p>
      )}
      <p className="mt-4 text-center text-sm text-slate-600">
        <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">
          Ask for a new link
        </Link>
      </p>
    </Card>
  );
}
