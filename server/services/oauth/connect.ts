import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { integrations } from "@/server/db/schema";
import { apiBaseOf } from "@/server/providers/config";
import { exchangeCode } from "@/server/providers/oauth";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";
import { providerOf, requireIntegration } from "../integrations/views";
import { consumeState, createState } from "./state";
import { createOAuthIntegration, storeTokenSet, tokenSetFrom } from "./tokens";

type OAuthContext = TenantRequestContext & { userId: string };

/** Where every provider sends the user back: one callback route per provider. */
export const redirectUriOf = (providerId: string) =>
  new URL(`/api/oauth/${providerId}/callback`, env.BETTER_AUTH_URL).toString();

export const startInput = z.object({
  provider: z.string().min(1).max(40),
  integrationId: z.uuid().optional(),
});

/** Starts a connection (or a reconnect of `integrationId`, keeping its id, links and history). */
export async function startOAuth(ctx: OAuthContext, input: z.infer<typeof startInput>) {
  const provider = providerOf(input.provider);
  if (!provider.oauth)
    throw new AppError("BAD_REQUEST", `${provider.displayName} does not connect with OAuth`);
  const { authorizationUrl } = await createState(ctx.db, {
    userId: ctx.userId,
    tenantId: ctx.tenantId,
    providerId: provider.id,
    integrationId: input.integrationId ?? null,
    redirectUri: redirectUriOf(provider.id),
  });
  return { authorizationUrl };
}

/**
 * The callback: the state is used up (bound to this user, tenant and provider), the code redeemed
 * with the PKCE verifier, the tokens sealed; then the provider's post-connect facts are recorded.
 */
export async function completeOAuth(ctx: OAuthContext, input: { provider: string; callbackUrl: string }) {
  const provider = providerOf(input.provider);
  const state = new URL(input.callbackUrl).searchParams.get("state") ?? "";
  const grant = await consumeState(ctx.db, state, {
    userId: ctx.userId,
    tenantId: ctx.tenantId,
    providerId: provider.id,
  });
  const { tokens, callbackParams } = await exchangeCode(provider, {
    callbackUrl: input.callbackUrl,
    expectedState: state,
    codeVerifier: grant.codeVerifier,
    redirectUri: grant.redirectUri,
  });
  const tokenSet = tokenSetFrom(tokens);
  const granted = new Set((tokens.scope ?? "").split(/[\s,]+/).filter(Boolean));
  // offline_access is granted as a refresh token rather than echoed in `scope`.
  if (tokens.refresh_token) granted.add("offline_access");
  const missingScopes = tokens.scope
    ? (provider.oauth?.requiredScopes ?? []).filter((scope) => !granted.has(scope))
    : [];
  const realmId = provider.id === "quickbooks" ? (callbackParams.realmId ?? null) : null;
  const organisations =
    provider.id === "xero" ? await xeroConnections(apiBaseOf(provider), tokenSet.accessToken) : [];
  const metadata = {
    grantedScopes: [...granted],
    missingScopes,
    ...(realmId ? { realmId } : {}),
    ...(organisations.length ? { organisations } : {}),
  };
  const single = organisations.length === 1 ? organisations[0] : undefined;
  const row = grant.integrationId
    ? await reconnect(ctx, grant.integrationId, tokenSet, metadata)
    : await createOAuthIntegration(ctx.db, {
        tenantId: ctx.tenantId,
        providerId: provider.id,
        name: await freeName(
          ctx,
          single?.tenantName ? `${provider.displayName} · ${single.tenantName}` : provider.displayName,
        ),
        tokenSet,
        externalAccountId: realmId ?? single?.tenantId ?? null,
        externalAccountName: single?.tenantName ?? null,
        metadata: { ...metadata, ...(single ? { xeroTenantId: single.tenantId } : {}) },
        createdBy: ctx.userId,
      });
  const needsOrganisation = provider.id === "xero" && organisations.length > 1 && !row.externalAccountId;
  if (needsOrganisation)
    await ctx.db
      .update(integrations)
      .set({ status: "pending_configuration", statusReason: "Choose the Xero organisation" })
      .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)));
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: grant.integrationId ? "integration.reconnected" : "integration.created",
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
    metadata: { provider: provider.id, missingScopes },
  });
  return { integrationId: row.id, needsOrganisation, missingScopes };
}

/** The wanted name, or "<name> 2", "<name> 3"… when another connected integration already has it. */
async function freeName(ctx: OAuthContext, wanted: string) {
  const taken = new Set(
    (
      await ctx.db
        .select({ name: integrations.name })
        .from(integrations)
        .where(and(eq(integrations.tenantId, ctx.tenantId), isNull(integrations.disconnectedAt)))
    ).map((row) => row.name),
  );
  for (let suffix = 1; ; suffix++) {
    const name = suffix === 1 ? wanted : `${wanted} ${suffix}`;
    if (!taken.has(name)) return name;
  }
}

async function reconnect(
  ctx: OAuthContext,
  integrationId: string,
  tokenSet: ReturnType<typeof tokenSetFrom>,
  metadata: Record<string, unknown>,
) {
  const existing = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  await storeTokenSet(ctx.db, existing, tokenSet);
  const [updated] = await ctx.db
    .update(integrations)
    .set({ status: "active", statusReason: null, metadata: { ...existing.metadata, ...metadata } })
    .where(and(eq(integrations.id, existing.id), eq(integrations.tenantId, ctx.tenantId)))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  return updated;
}

const connectionsSchema = z.array(
  z.object({
    tenantId: z.string(),
    tenantName: z.string().nullable().optional(),
    tenantType: z.string().optional(),
  }),
);

/** Xero: the organisations this consent covers (GET /connections), so the admin can pick one. */
async function xeroConnections(apiBase: string, accessToken: string) {
  const response = await fetch(`${apiBase}/connections`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok)
    throw new AppError("BAD_GATEWAY", `Xero did not list the organisations (HTTP ${response.status})`);
  return connectionsSchema
    .parse(await response.json())
    .filter((connection) => (connection.tenantType ?? "ORGANISATION") === "ORGANISATION");
}

/** Stores the Xero organisation the admin picked from those the consent covers. */
export async function chooseXeroOrganisation(
  ctx: OAuthContext,
  input: { integrationId: string; xeroTenantId: string },
) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  const organisations = z
    .array(z.object({ tenantId: z.string(), tenantName: z.string().nullable().optional() }))
    .catch([])
    .parse(row.metadata.organisations);
  const chosen = organisations.find((organisation) => organisation.tenantId === input.xeroTenantId);
  if (!chosen) throw new AppError("NOT_FOUND", "That organisation is not covered by this Xero connection");
  await ctx.db
    .update(integrations)
    .set({
      status: "active",
      statusReason: null,
      externalAccountId: chosen.tenantId,
      externalAccountName: chosen.tenantName ?? null,
      metadata: { ...row.metadata, xeroTenantId: chosen.tenantId },
    })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)));
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.organisation_chosen",
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
  });
  return { integrationId: row.id };
}
