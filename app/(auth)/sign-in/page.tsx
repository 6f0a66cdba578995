import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getServerSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

const notices: Record<string, string> = {
  verify: "Sign in as the account you are confirming; the confirmation link then opens again by itself.",
  reset: "Your password is changed. Sign in with the new one.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; reason?: string }>;
}) {
  const { next, reason } = await searchParams;
  const safeNext = next?.startsWith("/") && !next.startsWith("//") ? next : "/";
  // A confirmation link sends here when the browser holds another account's session: let them switch.
  if (reason !== "verify" && (await getServerSession())) redirect(safeNext);
  return <SignInForm next={safeNext} notice={reason ? notices[reason] : undefined} />;
}
