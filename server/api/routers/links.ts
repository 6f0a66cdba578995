import { z } from "zod";
import { linkOutput } from "@/lib/schemas/integration";
import { entityTypes, linkPurposes } from "@/server/db/schema";
import {
  linkEntity,
  linksOfIntegration,
  listLinks,
  unlinkEntity,
} from "@/server/services/integrations/links";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

const tags = ["entity links"];
const entity = z.object({ entity_type: z.enum(entityTypes), entity_id: z.string().min(1).max(200) });
const ref = (input: z.infer<typeof entity>) => ({ entityType: input.entity_type, entityId: input.entity_id });

export const linksRouter = createTRPCRouter({
  /** Links an integration to a customer/product/subscription (or the tenant) for a purpose. */
  link: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/entities/{entity_type}/{entity_id}/integrations",
        protect: true,
        tags,
        summary: "Link an integration",
      },
    })
    .input(
      entity.extend({
        integrationId: z.uuid(),
        purpose: z.enum(linkPurposes),
        isDefault: z.boolean().default(true),
      }),
    )
    .output(linkOutput)
    .mutation(async ({ ctx, input }) => {
      const link = await linkEntity(ctx, {
        ...ref(input),
        integrationId: input.integrationId,
        purpose: input.purpose,
        isDefault: input.isDefault,
      });
      if (!link) throw new Error("link not stored");
      return link;
    }),
  list: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/entities/{entity_type}/{entity_id}/integrations",
        protect: true,
        tags,
        summary: "Linked integrations",
      },
    })
    .input(entity)
    .output(
      z.array(
        linkOutput.extend({
          integration: z.object({
            id: z.uuid(),
            name: z.string(),
            providerId: z.string(),
            status: z.string(),
          }),
        }),
      ),
    )
    .query(({ ctx, input }) => listLinks(ctx, ref(input))),
  /** Everything one integration is linked to (its detail page). */
  ofIntegration: tenantProcedure
    .input(z.object({ integrationId: z.uuid() }))
    .query(({ ctx, input }) => linksOfIntegration(ctx, input.integrationId)),
  unlink: tenantAdminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/entities/{entity_type}/{entity_id}/integrations/{integrationId}",
        protect: true,
        tags,
        summary: "Unlink an integration",
      },
    })
    .input(entity.extend({ integrationId: z.uuid(), purpose: z.enum(linkPurposes).optional() }))
    .output(z.object({ removed: z.number().int() }))
    .mutation(({ ctx, input }) =>
      unlinkEntity(ctx, { ...ref(input), integrationId: input.integrationId, purpose: input.purpose }),
    ),
});
