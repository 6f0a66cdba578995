import type { Metadata } from "next";
import Link from "next/link";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { MyInvitations } from "@/components/onboarding/my-invitations";
import { Card } from "@/components/ui/card";
import { serverCaller } from "@/lib/trpc/server";
import { getServerSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Accept invitation" };

export default async function AcceptInvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { id } = await params;
  const { error } = await searchParams;
  const returnTo = encodeURIComponent(`/accept-invitation/${id}`);
  const session = await getServerSession();
  if (!session) {
    return (
      <main className="mx-auto max-w-md p-4 py-16">
        <Card>
          <h1 className="text-lg font-semibold">You have been invited to Plugboard</h1>
          <p className="mt-2 text-sm text-slate-600">
            Sign in, or create an account with the email address the invitation was sent to. A new account
            gets a link by email to confirm the address; the invitation opens once it is confirmed.
          </p>
          <div className="mt-4 flex gap-3 text-sm font-medium">
            <Link className="text-indigo-600 hover:underline" href={`/sign-up?next=${returnTo}`}>
              Create an account
            </Link>
            <Link className="text-indigo-600 hover:underline" href={`/sign-in?next=${returnTo}`}>
              Sign in
            </Link>
          </div>
        </Card>
      </main>
    );
  }
  if (session.user.emailVerified !== true) {
    return (
      <main className="mx-auto max-w-md p-4 py-16">
        <VerifyEmailNotice
          email={session.user.email}
          callbackURL={`/accept-invitation/${id}`}
          purpose="you can accept the invitation here"
          problem={error}
        />
      </main>
    );
  }
  const invitations = (await (await serverCaller()).members.myInvitations()).filter(
    (invitation) => invitation.id === id,
  );
  return (
    <main className="mx-auto max-w-md p-4 py-16">
      {invitations.length ? (
        <MyInvitations invitations={invitations} />
      ) : (
        <Card>
          <h1 className="text-lg font-semibold">Invitation not found</h1>
          <p className="mt-2 text-sm text-slate-600">
            It may have expired, been cancelled, or been sent to another email address than{" "}
            {session.user.email}.
          </p>
        </Card>
      )}
    </main>
  );
}
