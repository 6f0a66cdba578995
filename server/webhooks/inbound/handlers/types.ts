import type { Db, Tx } from "@/server/db/client";
import type { webhookEvents } from "@/server/db/schema";

export type StoredEvent = typeof webhookEvents.$inferSelect;

/**
 * How one provider event type is processed, in two phases so no HTTP call runs while a row is locked
 * (on PGlite, a query from outside an open transaction would wait for it: a deadlock):
 * - `prepare` runs before the processing transaction, on the plain database: provider reads
 *   (Xero and QuickBooks send ids only), lookups; it may run again on a retry, so it changes nothing;
 * - `apply` makes the change inside the transaction that marks the event processed, given what
 *   `prepare` returned (undefined without one), and says what it did, in words.
 */
export type EventHandler<Prepared = undefined> = {
  prepare?(db: Db, event: StoredEvent, payload: unknown): Promise<Prepared>;
  apply(tx: Tx, event: StoredEvent, payload: unknown, prepared: Prepared): Promise<string>;
};

/** A handler as the registry holds it: each one's prepare result only ever reaches its own apply. */
export type RegisteredHandler = EventHandler<unknown>;

/** A provider's handlers by event type. */
export type ProviderHandlers = Partial<Record<string, RegisteredHandler>>;
