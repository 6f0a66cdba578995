import { z } from "zod";
import { applyFetched, emptyFetch, type FetchedStates, fetchTracked } from "./fetched";
import { integrationOf, parsePayload } from "./shared";
import type { EventHandler, ProviderHandlers, StoredEvent } from "./types";

/*
 * Xero webhooks name invoices only: `{ events: [{ resourceId, eventCategory: "INVOICE", eventType:
 * "CREATE" | "UPDATE", eventDateUtc, tenantId }] }`, possibly several events and several organisations in
 * one delivery. Each INVOICE event of this integration's organisation is read back through the gateway
 * (prepare) and applied (apply). https://developer.xero.com/documentation/guides/webhooks/overview/
 */

const xeroDelivery = z.object({
  events: z.array(
    z.object({
      resourceId: z.string().min(1),
      eventCategory: z.string(),
      eventType: z.string(),
      tenantId: z.string().nullish(),
      eventDateUtc: z.string().nullish(),
    }),
  ),
});

/** The invoice ids of this integration's organisation in a delivery (all when the integration names none). */
function invoiceIdsOf(payload: unknown, organisation: string | null): string[] | string {
  const parsed = parsePayload(xeroDelivery, payload, "Xero webhook");
  if (!parsed.ok) return parsed.outcome;
  return parsed.value.events
    .filter((entry) => entry.eventCategory === "INVOICE")
    .filter((entry) => !organisation || !entry.tenantId || entry.tenantId === organisation)
    .map((entry) => entry.resourceId);
}

type XeroPrepared = FetchedStates & { problem?: string };

const xeroInvoices: EventHandler<XeroPrepared> = {
  async prepare(db, event: StoredEvent, payload) {
    const row = await integrationOf(db, event);
    const ids = invoiceIdsOf(payload, row.externalAccountId);
    if (typeof ids === "string") return { ...emptyFetch(), problem: ids };
    return fetchTracked(db, event, row, ids);
  },
  async apply(tx, event, _payload, prepared) {
    if (prepared.problem) return prepared.problem;
    const lines = await applyFetched(tx, event, prepared);
    return lines.length ? lines.join("; ") : "no invoice events for this organisation";
  },
};

export const xeroHandlers: ProviderHandlers = {
  "INVOICE.CREATE": xeroInvoices,
  "INVOICE.UPDATE": xeroInvoices,
  "xero.batch": xeroInvoices,
};
