import type { Db, Tx } from "@/server/db/client";
import { logger } from "@/server/logger";
import type { ExternalInvoiceState, InvoicingGateway } from "@/server/providers/invoicing";
import type { IntegrationRow } from "@/server/services/integrations/views";
import { invoicingGatewayOf } from "@/server/services/sync/gateway";
import { syncStatusOf } from "@/server/services/sync/status";
import {
  applyFromWebhook,
  noSyncFor,
  syncByExternalId,
  syncsByExternalIds,
  type TrackedSync,
} from "./shared";
import type { StoredEvent } from "./types";

/*
 * For providers whose webhooks carry ids only (Xero, QuickBooks): the prepare phase reads the current
 * state of each invoice we track through the integration's gateway, outside any transaction; the apply
 * phase hands those states to the state machine, which re-reads each sync under its lock. Invoices the
 * integration does not track are never fetched (provider quotas are small).
 */

/** At most this many provider reads per delivery; the scheduled reconciliation covers the rest. */
export const MAX_FETCHES_PER_EVENT = 50;

/** What the prepare phase read, by the provider id we asked for. */
export type FetchedStates = {
  states: { externalId: string; state: ExternalInvoiceState }[];
  untracked: string[];
  /** Tracked ids left unread because the delivery named more than MAX_FETCHES_PER_EVENT. */
  deferred: string[];
  /** Extra lines for the outcome (e.g. how a payment was resolved). */
  notes: string[];
};

export const emptyFetch = (): FetchedStates => ({ states: [], untracked: [], deferred: [], notes: [] });

/** The integration's invoicing gateway for webhook work (a short budget wait: the queue retries). */
export const webhookGatewayOf = (db: Db, event: StoredEvent, row: IntegrationRow): InvoicingGateway =>
  invoicingGatewayOf(db, logger.child({ webhookEventId: event.id, integrationId: row.id }), row, {
    maxWaitMs: 30_000,
  });

/** Reads the provider state of tracked syncs, one call each; a failed read fails the event (retried). */
export async function fetchStates(
  gateway: InvoicingGateway,
  syncs: TrackedSync[],
): Promise<FetchedStates["states"]> {
  const states: FetchedStates["states"] = [];
  for (const sync of syncs.slice(0, MAX_FETCHES_PER_EVENT)) {
    if (!sync.externalId) continue;
    const state = await gateway.fetchInvoiceStatus({ externalId: sync.externalId, currency: sync.currency });
    states.push({ externalId: sync.externalId, state });
  }
  return states;
}

/** Fetches the tracked invoices among `externalIds` (prepare phase). */
export async function fetchTracked(
  db: Db,
  event: StoredEvent,
  row: IntegrationRow,
  externalIds: string[],
): Promise<FetchedStates> {
  const wanted = [...new Set(externalIds)];
  const syncs = await syncsByExternalIds(db, event, wanted);
  const tracked = new Set(syncs.map((sync) => sync.externalId));
  const states = syncs.length ? await fetchStates(webhookGatewayOf(db, event, row), syncs) : [];
  return {
    states,
    untracked: wanted.filter((id) => !tracked.has(id)),
    deferred: syncs
      .slice(MAX_FETCHES_PER_EVENT)
      .flatMap((sync) => (sync.externalId ? [sync.externalId] : [])),
    notes: [],
  };
}

/** Applies what was fetched (apply phase) and returns one outcome line per invoice. */
export async function applyFetched(tx: Tx, event: StoredEvent, fetched: FetchedStates): Promise<string[]> {
  const lines = [...fetched.notes];
  for (const { externalId, state } of fetched.states) {
    const sync = await syncByExternalId(tx, event, externalId);
    if (!sync) {
      lines.push(noSyncFor(externalId));
      continue;
    }
    const result = await applyFromWebhook(tx, event, sync, {
      status: syncStatusOf(state.status),
      asOf: state.asOf ?? event.occurredAt ?? undefined,
      externalNumber: state.externalNumber,
      hostedUrl: state.hostedUrl,
      paidAt: state.paidAt,
      paymentMethod: state.paymentMethod,
      transactionId: state.transactionId,
    });
    lines.push(result.text);
  }
  for (const externalId of fetched.untracked) lines.push(noSyncFor(externalId));
  if (fetched.deferred.length)
    lines.push(`${fetched.deferred.length} more invoices left to the scheduled reconciliation`);
  return lines;
}
