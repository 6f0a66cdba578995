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
import { signInInput } from "@/lib/schemas/tenant";

export function SignInForm({ next, notice }: { next: string; notice?: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof signInInput>, unknown, z.output<typeof signInInput>>({
    resolver: zodResolver(signInInput),
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const { error } = await authClient.signIn.email(values);
    if (error) {
      setFormError(
        error.status === 401 ? "Wrong email or password." : (error.message ?? "Sign-in failed. Try again."),
      );
      return;
    }
    // A confirmation link (an API route) is opened as a full page load; app pages navigate in place.
    if (next.startsWith("/api/")) {
      window.location.assign(next);
      return;
    }
    router.replace(next);
    router.refresh();
  });
  return (
    <Card>
      <h1 className="text-lg font-semibold">Sign in</h1>
      {notice && (
        <p role="status" className="mt-2 rounded-md bg-indigo-50 p-3 text-sm text-indigo-900">
          {notice}
        </p>
      )}
      <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
        <FormField label="Email" error={form.formState.errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Password" error={form.formState.errors.password?.message}>
          <Input type="password" autoComplete="current-password" {...form.register("password")} />
        </FormField>
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">
            Forgot password?
          </Link>
        </p>
        <FormAlert message={formError} />
        <Button type="submit" className="w-full" pending={form.formState.isSubmitting}>
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-slate-600">
        New to Plugboard?{" "}
        <Link
          href={`/sign-up?next=${encodeURIComponent(next === "/" ? "/onboarding" : next)}`}
          className="font-medium text-indigo-600 hover:underline"
        >
          Create an account
        </Link>
      </p>
    </Card>
  );
}
