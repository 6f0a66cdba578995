import { z } from "zod";
import { syncAllOutput } from "@/lib/schemas/invoice";
import { enqueue } from "@/server/jobs/boss";
import { listAllTenants, platformStats } from "@/server/services/admin/admin";
import {
  capabilityInput,
  disableCapability,
  getProviderRow,
  keyUsage,
  listProviderRows,
  updateProvider,
  updateProviderInput,
  upsertCapability,
} from "@/server/services/providers/admin";
import { syncAllPending } from "@/server/services/sync/all-pending";
import { keyRing } from "@/server/vault/keyring";
import { createTRPCRouter, platformAdminProcedure } from "../trpc";

const tags = ["platform admin"];
const connection = z.object({ connection_code: z.string().min(1).max(40) });
const providerRowOutput = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  logo: z.string(),
  status: z.string(),
  category: z.string(),
  authMode: z.string(),
  edited: z.boolean(),
  updatedAt: z.date(),
  capabilities: z.array(
    z.object({
      code: z.string(),
      description: z.string(),
      parameters: z.record(z.string(), z.unknown()),
      enabled: z.boolean(),
      edited: z.boolean(),
    }),
  ),
});

export const adminRouter = createTRPCRouter({
  /** Platform admins see every tenant; nobody else sees across tenants. */
  tenants: platformAdminProcedure.query(({ ctx }) => listAllTenants(ctx.db)),
  stats: platformAdminProcedure.query(({ ctx }) => platformStats(ctx.db)),
  /** The provider registry as stored (seeded from code, edited here). */
  providers: platformAdminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/internal/connections",
        protect: true,
        tags,
        summary: "List connections",
      },
    })
    .input(z.object({}).optional())
    .output(z.array(providerRowOutput))
    .query(({ ctx }) => listProviderRows(ctx.db)),
  provider: platformAdminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/internal/connections/{connection_code}",
        protect: true,
        tags,
        summary: "One connection",
      },
    })
    .input(connection)
    .output(providerRowOutput)
    .query(({ ctx, input }) => getProviderRow(ctx.db, input.connection_code)),
  updateProvider: platformAdminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/internal/connections/{connection_code}",
        protect: true,
        tags,
        summary: "Edit a connection",
      },
    })
    .input(updateProviderInput)
    .output(providerRowOutput)
    .mutation(({ ctx, input }) => updateProvider(ctx, input)),
  saveCapability: platformAdminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/internal/connections/{connection_code}/capabilities/{capability_code}",
        protect: true,
        tags,
        summary: "Add or edit a capability",
      },
    })
    .input(capabilityInput)
    .output(providerRowOutput)
    .mutation(({ ctx, input }) => upsertCapability(ctx, input)),
  disableCapability: platformAdminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/internal/connections/{connection_code}/capabilities/{capability_code}",
        protect: true,
        tags,
        summary: "Disable a capability",
      },
    })
    .input(connection.extend({ capability_code: z.string().min(1).max(40) }))
    .output(providerRowOutput)
    .mutation(({ ctx, input }) => disableCapability(ctx, input.connection_code, input.capability_code)),
  /** Sealed values per key id, and the current key. */
  keys: platformAdminProcedure.query(async ({ ctx }) => ({
    currentId: keyRing().currentId,
    usage: await keyUsage(ctx.db),
  })),
  /** Queues re-encryption of every sealed value under the current key (online, resumable). */
  rotateKeys: platformAdminProcedure.mutation(async ({ ctx }) => ({
    jobId: await enqueue(
      "vault.rotate",
      { batchSize: 500, requestedBy: ctx.actor.type === "user" ? ctx.actor.email : "api key" },
      { singletonKey: "vault.rotate" },
    ),
  })),
  /** Queues every pending or failed invoice push of every tenant (after an outage, say). */
  syncAllPending: platformAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/internal/billing/sync-all-pending",
        protect: true,
        tags,
        summary: "Queue pending and failed pushes across tenants",
      },
    })
    .input(z.object({}).optional())
    .output(syncAllOutput)
    .mutation(({ ctx }) => syncAllPending(ctx.db, {})),
});
