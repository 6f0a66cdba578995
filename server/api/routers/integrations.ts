import { z } from "zod";
import {
  capabilityOutput,
  catalogEntryOutput,
  connectOutput,
  integrationOutput,
  integrationSettingsInput,
} from "@/lib/schemas/integration";
import {
  disconnectProvider,
  integrationCapabilities,
  providerStatus,
} from "@/server/services/integrations/by-provider";
import { connectIntegration } from "@/server/services/integrations/connect";
import { executeCapability, executeInput } from "@/server/services/integrations/execute";
import {
  disconnectIntegration,
  getIntegration,
  listIntegrations,
  renameIntegration,
  testIntegration,
  updateCredentials,
  updateSettings,
} from "@/server/services/integrations/manage";
import { listCatalog, providerDetail } from "@/server/services/providers/providers";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

const tags = ["integrations"];
const byProvider = z.object({ provider: z.string().min(1).max(40) });
const byId = z.object({ integrationId: z.uuid() });
const credentials = z.record(z.string(), z.unknown());

export const integrationsRouter = createTRPCRouter({
  /** The hub catalog by category, with this tenant's connections per provider. */
  catalog: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/integrations",
        protect: true,
        tags,
        summary: "Provider catalog with this tenant's status",
      },
    })
    .input(z.object({}).optional())
    .output(z.array(catalogEntryOutput))
    .query(({ ctx }) => listCatalog(ctx.db, ctx.tenantId)),
  /** One provider's setup fields and capabilities, for the wizard. */
  provider: tenantProcedure
    .input(byProvider)
    .query(({ ctx, input }) => providerDetail(ctx.db, input.provider, ctx.actor)),
  /** The tenant's connected integrations. */
  list: tenantProcedure.query(({ ctx }) => listIntegrations(ctx)),
  /** Validates the credentials against the provider, then stores them sealed. */
  connect: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/integrations/{provider}/connect",
        protect: true,
        tags,
        summary: "Connect an API-key provider",
      },
    })
    .input(byProvider.extend({ name: z.string().trim().min(1).max(80).optional(), credentials }))
    .output(connectOutput)
    .mutation(({ ctx, input }) =>
      connectIntegration(ctx, {
        providerId: input.provider,
        name: input.name,
        credentials: input.credentials,
      }),
    ),
  /** Same as connect, with the provider in the body (several named instances per provider). */
  create: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/integrations",
        protect: true,
        tags,
        summary: "Create an integration instance",
      },
    })
    .input(
      z.object({
        providerId: z.string().min(1).max(40),
        name: z.string().trim().min(1).max(80).optional(),
        credentials,
      }),
    )
    .output(connectOutput)
    .mutation(({ ctx, input }) => connectIntegration(ctx, input)),
  providerStatus: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/integrations/{provider}/status",
        protect: true,
        tags,
        summary: "This tenant's integrations of a provider",
      },
    })
    .input(byProvider)
    .output(z.array(integrationOutput))
    .query(({ ctx, input }) => providerStatus(ctx, input.provider)),
  disconnectProvider: tenantAdminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/integrations/{provider}/disconnect",
        protect: true,
        tags,
        summary: "Disconnect a provider's only integration",
      },
    })
    .input(byProvider)
    .output(integrationOutput)
    .mutation(({ ctx, input }) => disconnectProvider(ctx, input.provider)),
  get: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/integrations/{integrationId}",
        protect: true,
        tags,
        summary: "One integration",
      },
    })
    .input(byId)
    .output(integrationOutput)
    .query(({ ctx, input }) => getIntegration(ctx, input.integrationId)),
  /** Renames and/or replaces credentials (validated against the provider first). */
  update: tenantAdminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/integrations/{integrationId}",
        protect: true,
        tags,
        summary: "Rename, update credentials or settings",
      },
    })
    .input(
      byId.extend({
        name: z.string().trim().min(1).max(80).optional(),
        credentials: credentials.optional(),
        settings: integrationSettingsInput.optional(),
      }),
    )
    .output(integrationOutput)
    .mutation(async ({ ctx, input }) => {
      let view = input.credentials
        ? await updateCredentials(ctx, { integrationId: input.integrationId, credentials: input.credentials })
        : null;
      if (input.name)
        view = await renameIntegration(ctx, { integrationId: input.integrationId, name: input.name });
      if (input.settings) view = await updateSettings(ctx, input.integrationId, input.settings);
      return view ?? getIntegration(ctx, input.integrationId);
    }),
  disconnect: tenantAdminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/integrations/{integrationId}",
        protect: true,
        tags,
        summary: "Disconnect an integration",
      },
    })
    .input(byId)
    .output(integrationOutput)
    .mutation(({ ctx, input }) => disconnectIntegration(ctx, input.integrationId)),
  /** Re-runs the credential check against the provider. */
  test: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/integrations/{integrationId}/test",
        protect: true,
        tags,
        summary: "Test the connection",
      },
    })
    .input(byId)
    .output(integrationOutput)
    .mutation(({ ctx, input }) => testIntegration(ctx, input.integrationId)),
  capabilities: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/integrations/{integrationId}/capabilities",
        protect: true,
        tags,
        summary: "Capabilities",
      },
    })
    .input(byId)
    .output(z.array(capabilityOutput))
    .query(({ ctx, input }) => integrationCapabilities(ctx, input.integrationId)),
  /** Runs a capability with parameters validated against its JSON Schema. */
  execute: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/integrations/{integrationId}/execute",
        protect: true,
        tags,
        summary: "Execute a capability",
      },
    })
    .input(executeInput)
    .output(z.object({ capability: z.string(), result: z.unknown() }))
    .mutation(({ ctx, input }) => executeCapability(ctx, input)),
});
