import type { Tx } from "@/server/db/client";
import type { webhookEvents } from "@/server/db/schema";

export type StoredEvent = typeof webhookEvents.$inferSelect;
/** Applies one event's domain change inside the processing transaction; returns what it did, in words. */
export type EventHandler = (tx: Tx, event: StoredEvent, payload: unknown) => Promise<string>;

/**
 * One handler per provider event type (e.g. stripe → invoice.paid). Event types without a handler
 * are stored and marked `ignored`, never dropped; replay runs them again once a handler exists.
 */
export const inboundHandlers: Partial<Record<string, Partial<Record<string, EventHandler>>>> = {};
