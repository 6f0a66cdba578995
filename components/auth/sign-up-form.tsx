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
import { signUpInput } from "@/lib/schemas/tenant";

export function SignUpForm({ next }: { next: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof signUpInput>, unknown, z.output<typeof signUpInput>>({
    resolver: zodResolver(signUpInput),
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    // The confirmation link brings the user back to where they were going (e.g. an invitation).
    const { error } = await authClient.signUp.email({ ...values, callbackURL: next });
    if (error) {
      if (error.code === "USER_ALREADY_EXISTS" || error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
        form.setError("email", {
          message: "An account with this email exists: sign in, or reset its password if it is yours.",
        });
      } else {
        setFormError(error.message ?? "Sign-up failed. Try again.");
      }
      return;
    }
    router.replace(next);
    router.refresh();
  });
  return (
    <Card>
      <h1 className="text-lg font-semibold">Create your account</h1>
      <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
        <FormField label="Your name" error={form.formState.errors.name?.message}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField label="Work email" error={form.formState.errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField
          label="Password"
          help="At least 8 characters."
          error={form.formState.errors.password?.message}
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <FormAlert message={formError} />
        <Button type="submit" className="w-full" pending={form.formState.isSubmitting}>
          Create account
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          href={`/sign-in?next=${encodeURIComponent(next)}`}
          className="font-medium text-indigo-600 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </Card>
  );
}
