import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { CreateTenantForm } from "@/components/onboarding/create-tenant-form";
import { MyInvitations } from "@/components/onboarding/my-invitations";
import { TenantPicker } from "@/components/onboarding/tenant-picker";
import { Card } from "@/components/ui/card";
import { serverCaller } from "@/lib/trpc/server";
import { requireSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Get started" };

export default async function OnboardingPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const session = await requireSession("/onboarding");
  const { error } = await searchParams;
  const caller = await serverCaller();
  const verified = session.user.emailVerified === true;
  // Invitations are shown only to an account that proved its address.
  const [tenants, invitations, portalOnly] = await Promise.all([
    caller.tenants.mine(),
    verified ? caller.members.myInvitations() : Promise.resolve([]),
    caller.portal.portalOnly(),
  ]);
  // A customer's contact has invoices to read, not a business to set up.
  if (portalOnly && invitations.length === 0) redirect("/portal");
  return (
    <main className="mx-auto max-w-xl space-y-6 p-4 py-12">
      <div>
        <p className="text-xl font-bold tracking-tight text-indigo-700">Plugboard</p>
        <h1 className="mt-4 text-2xl font-semibold">
          {session.user.name ? `Welcome, ${session.user.name}` : "Welcome"}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          A tenant is your business in Plugboard: its integrations, customers and invoices. Create one, or
          join one you were invited to.
        </p>
      </div>
      {!verified && (
        <VerifyEmailNotice
          email={session.user.email}
          callbackURL="/onboarding"
          purpose="invitations sent to it appear here"
          problem={error}
        />
      )}
      {invitations.length > 0 && <MyInvitations invitations={invitations} />}
      {tenants.length > 0 && <TenantPicker tenants={tenants} />}
      <Card>
        <h2 className="text-base font-semibold">Create a tenant</h2>
        <CreateTenantForm />
      </Card>
    </main>
  );
}
