import type { Queue } from "pg-boss";
import { z } from "zod";
import { mailSchema } from "@/server/mail/transport";

/** Every queue the app uses: its payload schema and retry policy. One place, used by producers and workers. */
export const queues = {
  "email.send": {
    payload: mailSchema,
    options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 120 },
  },
  /** A portal sign-in link asked for on the public page: sent only if the address has access. */
  "portal.link": {
    payload: z.object({ email: z.email() }),
    options: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  },
  "vault.rotate": {
    payload: z.object({
      batchSize: z.number().int().min(1).max(5000).default(500),
      requestedBy: z.string().optional(),
    }),
    options: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
  },
  "webhook.process": {
    payload: z.object({ eventId: z.uuid() }),
    // Workers heartbeat while a job runs (every 5 s); a killed worker's jobs go stale 10 s after its
    // last beat, the supervisor (every second, see boss.ts) fails them, and the first retry starts
    // 1-2 s later: an orphan runs again within ~14 s of a kill -9. Backoff doubles from 1 s (full
    // jitter, capped at 30 min); 11 retries span about as long as 8 from 5 s did (~35-60 min).
    options: {
      retryLimit: 11,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 1800,
      expireInSeconds: 300,
      heartbeatSeconds: 10,
      // No NOTIFY: every notifying commit takes one database-wide lock, which cost a fifth of the
      // receipt throughput in bench:webhooks; polling every 0.5 s (and fetching again at once while
      // batches come back full) keeps receipt -> processed well under a second.
      notify: false,
    },
  },
  "webhook.sweep": {
    payload: z.object({}),
    options: { retryLimit: 0, expireInSeconds: 120 },
  },
  "oauth.refresh-due": {
    payload: z.object({}),
    options: { retryLimit: 0, expireInSeconds: 600 },
  },
  // Push retries are scheduled by the sync engine itself (backoff with jitter, Retry-After, breaker,
  // budgets); the queue's own retries only cover a crashed worker or a database outage.
  "invoice.push": {
    payload: z.object({ tenantId: z.string().min(1), invoiceSyncId: z.uuid() }),
    options: {
      retryLimit: 3,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 900,
      heartbeatSeconds: 10,
      // A new invoice wakes a push worker at once (LISTEN/NOTIFY on PostgreSQL); pushes are few.
      notify: true,
    },
  },
  "invoice.reconcile": {
    payload: z.object({
      tenantId: z.string().min(1),
      integrationId: z.uuid(),
      force: z.boolean().default(false),
    }),
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 },
  },
  /** Every 5 minutes: queue reconciles that are due and pushes whose job was lost. */
  "invoice.schedule": {
    payload: z.object({}),
    options: { retryLimit: 0, expireInSeconds: 300 },
  },
  "invoice.overdue": {
    payload: z.object({}),
    options: { retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 },
  },
  "integration.health": {
    payload: z.object({}),
    options: { retryLimit: 1, retryDelay: 600, expireInSeconds: 3600 },
  },
} satisfies Record<string, { payload: z.ZodType; options: Omit<Queue, "name"> }>;

export type QueueName = keyof typeof queues;
export type QueuePayload<Name extends QueueName> = z.infer<(typeof queues)[Name]["payload"]>;
export const queueNames = Object.keys(queues) as QueueName[];
