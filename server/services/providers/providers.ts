import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { env, providerSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { integrations, providerCapabilities, providers } from "@/server/db/schema";
import { oauthClientConfigured, oauthClientVariables } from "@/server/providers/oauth";
import { credentialFieldsOf, registry } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";

const definitions = Object.values(registry) as ProviderDefinition[];

/**
 * Seeds `providers` and `provider_capabilities` from the registry at start. Rows a platform admin
 * edited keep their display fields and capability text; new providers and capabilities appear.
 */
export async function syncProviders(db: Db) {
  for (const provider of definitions) {
    const values = {
      id: provider.id,
      displayName: provider.displayName,
      description: provider.description,
      logo: provider.logo,
      status: provider.status,
      category: provider.category,
      authMode: provider.authMode,
    };
    const unlessEdited = (column: AnyPgColumn, value: string) =>
      sql`case when ${providers.edited} then ${column} else ${value} end`;
    await db
      .insert(providers)
      .values(values)
      .onConflictDoUpdate({
        target: providers.id,
        set: {
          category: values.category,
          authMode: values.authMode,
          displayName: unlessEdited(providers.displayName, values.displayName),
          description: unlessEdited(providers.description, values.description),
          logo: unlessEdited(providers.logo, values.logo),
          status: unlessEdited(providers.status, values.status),
        },
      });
    for (const [code, capability] of Object.entries(provider.capabilities)) {
      await db
        .insert(providerCapabilities)
        .values({
          providerId: provider.id,
          code,
          description: capability.description,
          parameters: capability.parameters,
        })
        .onConflictDoNothing();
    }
  }
}

/** Why a provider cannot be connected on this server right now, if it cannot (an OAuth app not set up). */
export const notSetUpReason = "Not set up on this server";
function availabilityOf(provider: ProviderDefinition) {
  const available = provider.authMode !== "oauth2" || oauthClientConfigured(provider);
  return { available, unavailableReason: available ? null : notSetUpReason };
}

/**
 * For platform admins, how to set up a provider's OAuth app: the redirect URI to register with the
 * provider and the variables to set on this server (names only, never values).
 */
function oauthSetupOf(provider: ProviderDefinition) {
  return {
    // The same URI the OAuth flow sends (services/oauth/connect.ts: redirectUriOf).
    redirectUri: new URL(`/api/oauth/${provider.id}/callback`, env.BETTER_AUTH_URL).toString(),
    variables: oauthClientVariables(provider).map((name) => ({ name, set: Boolean(providerSettings[name]) })),
  };
}

/** A provider as tenants see it: the registry entry with a platform admin's edits applied. */
function displayOf(provider: ProviderDefinition, row: typeof providers.$inferSelect | undefined) {
  return {
    ...availabilityOf(provider),
    id: provider.id,
    displayName: row?.displayName ?? provider.displayName,
    description: row?.description ?? provider.description,
    logo: row?.logo ?? provider.logo,
    status: row?.status ?? provider.status,
    category: provider.category,
    authMode: provider.authMode,
    docsUrl: provider.docsUrl,
  };
}

/** The hub catalog: every provider (as platform admins left it) with this tenant's connection count. */
export async function listCatalog(db: Db, tenantId: string) {
  const [rows, connected] = await Promise.all([
    db.select().from(providers),
    db
      .select({ providerId: integrations.providerId, status: integrations.status, value: count() })
      .from(integrations)
      .where(and(eq(integrations.tenantId, tenantId), isNull(integrations.disconnectedAt)))
      .groupBy(integrations.providerId, integrations.status),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return definitions.map((provider) => {
    const row = byId.get(provider.id);
    const mine = connected.filter((entry) => entry.providerId === provider.id);
    return {
      ...displayOf(provider, row),
      connected: mine.reduce((sum, entry) => sum + entry.value, 0),
      withErrors: mine
        .filter((entry) => entry.status === "error")
        .reduce((sum, entry) => sum + entry.value, 0),
    };
  });
}

/**
 * One provider for the setup wizard: its fields (labels, help, secret or not) and capabilities; for a
 * platform admin and an OAuth provider, also its setup checklist.
 */
export async function providerDetail(
  db: Db,
  providerId: string,
  viewer: { isPlatformAdmin: boolean } = { isPlatformAdmin: false },
) {
  const provider = definitions.find((entry) => entry.id === providerId);
  if (!provider) throw new AppError("NOT_FOUND", `Unknown provider ${providerId}`);
  const [row] = await db.select().from(providers).where(eq(providers.id, provider.id)).limit(1);
  const capabilities = await db
    .select()
    .from(providerCapabilities)
    .where(eq(providerCapabilities.providerId, provider.id));
  return {
    ...displayOf(provider, row),
    webhookScheme: provider.webhook.scheme,
    oauthSetup: viewer.isPlatformAdmin && provider.authMode === "oauth2" ? oauthSetupOf(provider) : null,
    fields: credentialFieldsOf(provider),
    capabilities: capabilities.map(({ code, description, parameters, enabled }) => ({
      code,
      description,
      parameters,
      enabled,
    })),
  };
}

/** Deprecated providers (as set by platform admins) cannot be newly connected. */
export async function assertConnectable(db: Db, provider: ProviderDefinition) {
  const [row] = await db
    .select({ status: providers.status })
    .from(providers)
    .where(eq(providers.id, provider.id))
    .limit(1);
  if ((row?.status ?? provider.status) === "deprecated") {
    throw new AppError("CONFLICT", `${provider.displayName} is deprecated and cannot be newly connected`);
  }
  if (provider.authMode === "oauth2") {
    throw new AppError(
      "BAD_REQUEST",
      `${provider.displayName} connects with OAuth: start the authorization flow instead`,
    );
  }
}
