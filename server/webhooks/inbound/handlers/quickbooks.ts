import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/server/db/client";
import { invoiceSyncs, invoices } from "@/server/db/schema";
import type { InvoicingGateway } from "@/server/providers/invoicing";
import { quickbooksBatchType } from "../verify/quickbooks";
import {
  applyFetched,
  type FetchedStates,
  fetchTracked,
  MAX_FETCHES_PER_EVENT,
  webhookGatewayOf,
} from "./fetched";
import { applyFromWebhook, integrationOf, noSyncFor, syncByExternalId } from "./shared";
import type { EventHandler, ProviderHandlers, StoredEvent } from "./types";

/*
 * QuickBooks change notifications name entities only, in two formats (see verify/quickbooks.ts):
 * legacy `eventNotifications[].dataChangeEvent.entities[] { name, id, operation, lastUpdated }` per
 * realmId, and CloudEvents `[{ type: "qbo.invoice.updated.v1", intuitentityid, intuitaccountid }]`.
 * Invoice → read back through the gateway. Payment → a payment names its invoices only in its own
 * Line[].LinkedTxn, so the invoices are found through the gateway's payment read when it has one;
 * without it, the integration's open invoices are re-read (at most MAX_FETCHES_PER_EVENT).
 */

type Change = { name: string; id: string; operation: string };

const legacy = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string().nullish(),
      dataChangeEvent: z.object({
        entities: z.array(z.object({ name: z.string(), id: z.string(), operation: z.string() })),
      }),
    }),
  ),
});
const cloudEvents = z.array(
  z.object({ type: z.string(), intuitentityid: z.string().nullish(), intuitaccountid: z.string().nullish() }),
);

/** The entity changes of this company (realm) in either format, names and operations lower-cased. */
function changesOf(payload: unknown, realm: string | null): Change[] {
  const mine = (account: string | null | undefined) => !realm || !account || account === realm;
  const old = legacy.safeParse(payload);
  const fromLegacy = old.success
    ? old.data.eventNotifications
        .filter((notification) => mine(notification.realmId))
        .flatMap((notification) => notification.dataChangeEvent.entities)
    : [];
  const cloud = cloudEvents.safeParse(payload);
  const fromCloud = cloud.success
    ? cloud.data.flatMap((event) => {
        const [, name, operation] = /^qbo\.(\w+)\.(\w+)\.v\d+$/i.exec(event.type) ?? [];
        return name && operation && event.intuitentityid && mine(event.intuitaccountid)
          ? [{ name, id: event.intuitentityid, operation }]
          : [];
      })
    : [];
  return [...fromLegacy, ...fromCloud].map((change) => ({
    name: change.name.toLowerCase(),
    id: change.id,
    operation: change.operation.toLowerCase(),
  }));
}

/** The gateway's payment read, when the QuickBooks gateway offers one: the invoice ids a payment pays. */
function paymentReadOf(gateway: InvoicingGateway) {
  const read: unknown = Reflect.get(gateway, "fetchPaymentInvoiceIds");
  if (typeof read !== "function") return null;
  return async (paymentId: string) => {
    const ids: unknown = await read.call(gateway, { paymentId });
    return z.array(z.string()).parse(ids);
  };
}

/** The invoices paid by these payments: via the payment read, or every open invoice (bounded). */
async function fetchForPayments(db: Db, event: StoredEvent, gateway: InvoicingGateway, paymentIds: string[]) {
  const readPayment = paymentReadOf(gateway);
  if (readPayment) {
    const invoiceIds = (await Promise.all(paymentIds.map(readPayment))).flat();
    return { invoiceIds, note: null };
  }
  const open = await db
    .select({ externalId: invoiceSyncs.externalId })
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        eq(invoiceSyncs.tenantId, event.tenantId),
        eq(invoiceSyncs.integrationId, event.integrationId),
        inArray(invoiceSyncs.status, ["synced", "overdue", "uncollectible"]),
        isNotNull(invoiceSyncs.externalId),
      ),
    )
    .orderBy(desc(invoiceSyncs.createdAt))
    .limit(MAX_FETCHES_PER_EVENT);
  const note = `payment ${paymentIds.join(", ")} changed; QuickBooks names its invoices only in the payment, which this gateway cannot read, so ${open.length} open invoices were re-checked (at most ${MAX_FETCHES_PER_EVENT})`;
  return { invoiceIds: open.flatMap((sync) => (sync.externalId ? [sync.externalId] : [])), note };
}

type QuickbooksPrepared = FetchedStates & { deleted: string[] };

const quickbooksChanges: EventHandler<QuickbooksPrepared> = {
  async prepare(db, event, payload) {
    const row = await integrationOf(db, event);
    const changes = changesOf(payload, row.externalAccountId);
    const invoiceChanges = changes.filter((change) => change.name === "invoice");
    const deleted = invoiceChanges
      .filter((change) => change.operation === "delete")
      .map((change) => change.id);
    const invoiceIds = invoiceChanges
      .filter((change) => change.operation !== "delete")
      .map((change) => change.id);
    const paymentIds = changes.filter((change) => change.name === "payment").map((change) => change.id);
    if (!paymentIds.length) return { ...(await fetchTracked(db, event, row, invoiceIds)), deleted };
    const gateway = webhookGatewayOf(db, event, row);
    const paid = await fetchForPayments(db, event, gateway, paymentIds);
    const fetched = await fetchTracked(db, event, row, invoiceIds);
    const known = new Set([...invoiceIds, ...fetched.untracked]);
    const extra = await fetchTracked(
      db,
      event,
      row,
      paid.invoiceIds.filter((id) => !known.has(id)),
    );
    return {
      states: [...fetched.states, ...extra.states],
      untracked: [...fetched.untracked, ...extra.untracked],
      deferred: [...fetched.deferred, ...extra.deferred],
      notes: paid.note ? [paid.note] : [],
      deleted,
    };
  },
  async apply(tx, event, _payload, prepared) {
    const lines: string[] = [];
    for (const externalId of prepared.deleted) {
      const sync = await syncByExternalId(tx, event, externalId);
      if (!sync) lines.push(noSyncFor(externalId));
      else {
        const update = {
          status: "void" as const,
          message: "deleted in QuickBooks",
          asOf: event.occurredAt ?? undefined,
        };
        lines.push((await applyFromWebhook(tx, event, sync, update)).text);
      }
    }
    lines.push(...(await applyFetched(tx, event, prepared)));
    return lines.length ? lines.join("; ") : "no invoice or payment changes for this company";
  },
};

const cloudEventTypes = ["invoice", "payment"].flatMap((entity) =>
  ["created", "updated", "deleted", "voided", "emailed"].map((operation) => `qbo.${entity}.${operation}.v1`),
);

export const quickbooksHandlers: ProviderHandlers = Object.fromEntries(
  [quickbooksBatchType, ...cloudEventTypes].map((type) => [type, quickbooksChanges]),
);
