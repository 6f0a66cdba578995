import type { Metadata } from "next";
import { RequestLinkForm } from "@/components/portal/request-link-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign in" };

/** What a failed sign-in link means to the contact (better-auth's magic-link error codes). */
function linkProblem(error: string | undefined): string | null {
  if (!error) return null;
  if (error === "INVALID_TOKEN" || error === "EXPIRED_TOKEN")
    return "This link has expired or was already used. Each link works once, for 30 minutes: enter your email below for a new one.";
  return "That sign-in link did not work. Enter your email below for a new one.";
}

export default async function PortalSignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const problem = linkProblem((await searchParams).error);
  return (
    <Card className="mx-auto max-w-md space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Sign in to see your invoices</h1>
      {problem && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {problem}
        </p>
      )}
      <p className="text-sm text-slate-600">
        We email you a link: no password needed. Use the address your supplier invited.
      </p>
      <RequestLinkForm />
    </Card>
  );
}
