import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectWizard } from "@/components/integrations/connect-wizard";
import { OAuthConnectButton } from "@/components/integrations/oauth-connect";
import { OAuthNotSetUp } from "@/components/integrations/oauth-not-set-up";
import { ProviderLogo } from "@/components/integrations/provider-logo";
import { ProviderStatusBadge } from "@/components/integrations/status-badge";
import { Card, PageHeader } from "@/components/ui/card";
import { HelpText } from "@/components/ui/help-text";
import { capabilityLabel } from "@/lib/capability-labels";
import { isTenantManager } from "@/lib/roles";
import { requireTenant } from "@/server/auth/tenant-page";

export const metadata: Metadata = { title: "Connect" };

export default async function ConnectPage({
  params,
  searchParams,
}: {
  params: Promise<{ provider: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { provider: providerId } = await params;
  const { error } = await searchParams;
  const { tenant, caller } = await requireTenant();
  const provider = await caller.integrations.provider({ provider: providerId }).catch(() => null);
  if (!provider) notFound();
  const canManage = isTenantManager(tenant.role);
  return (
    <>
      <Link href="/integrations" className="text-sm text-indigo-600 hover:underline">
        ← All integrations
      </Link>
      <PageHeader title={`Connect ${provider.displayName}`} description={provider.description} />
      <div className="mb-6 flex items-center gap-3 text-sm text-slate-600">
        <ProviderLogo svg={provider.logo} name={provider.displayName} size={40} />
        <ProviderStatusBadge status={provider.status} />
        <a
          href={provider.docsUrl}
          target="_blank"
          rel="noreferrer"
          className="text-indigo-600 hover:underline"
        >
          {provider.displayName} API documentation ↗
        </a>
      </div>
      {provider.status === "deprecated" ? (
        <Card role="alert">{provider.displayName} is deprecated and cannot be newly connected.</Card>
      ) : !provider.available ? (
        <OAuthNotSetUp displayName={provider.displayName} setup={provider.oauthSetup} />
      ) : provider.authMode === "oauth2" ? (
        <Card>
          {error && (
            <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-700">
              {error}
            </p>
          )}
          <p className="text-sm text-slate-700">
            {provider.displayName} connects with OAuth 2.0: you sign in at {provider.displayName}, approve
            access, and come back here. Plugboard keeps the tokens encrypted and refreshes them before they
            expire.
          </p>
          <div className="mt-4">
            {canManage ? (
              <OAuthConnectButton provider={provider.id} displayName={provider.displayName} />
            ) : (
              <p role="alert" className="text-sm text-slate-600">
                Only owners and admins can connect integrations.
              </p>
            )}
          </div>
        </Card>
      ) : !canManage ? (
        <Card role="alert">
          Only owners and admins can connect integrations. You can see what this provider offers below.
        </Card>
      ) : (
        <ConnectWizard provider={provider} />
      )}
      <Card className="mt-6">
        <h2 className="text-base font-semibold">What Plugboard can do with {provider.displayName}</h2>
        <ul className="mt-2 space-y-1 text-sm text-slate-700">
          {provider.capabilities.map((capability) => (
            <li key={capability.code}>
              <span className="font-medium">{capabilityLabel(capability.code)}</span>:{" "}
              <HelpText text={capability.description} />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
