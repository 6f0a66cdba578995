import { z } from "zod";
import {
  eventFilter,
  getEvent,
  lastEventOf,
  listEvents,
  replayEvents,
} from "@/server/services/webhooks/events";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

export const webhooksRouter = createTRPCRouter({
  /** Inbound events with filters; every member reads the log. */
  list: tenantProcedure
    .input(
      eventFilter.extend({
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) => listEvents(ctx, input)),
  /** One event with its (secret-free) headers, raw payload, verification and processing state. */
  get: tenantProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getEvent(ctx, input.id)),
  lastForIntegration: tenantProcedure
    .input(z.object({ integrationId: z.uuid() }))
    .query(({ ctx, input }) => lastEventOf(ctx, input.integrationId)),
  /** Processes one event again. */
  replay: tenantAdminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => replayEvents(ctx, { id: input.id })),
  /** Processes every failed event in the filter again. */
  replayFailed: tenantAdminProcedure
    .input(eventFilter)
    .mutation(({ ctx, input }) => replayEvents(ctx, { filter: input })),
});
