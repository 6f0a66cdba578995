import { NUL } from "@/lib/nul";
import { latest, list, pick, text, toDate } from "./verify/hmac";
import { quickbooksBatchType } from "./verify/quickbooks";
import type { EventFacts } from "./verify/types";
import { xeroBatchType, xeroEventTypeOf } from "./verify/xero";

/*
 * App-level webhooks: one endpoint per provider app (POST /api/webhooks/<provider>), signed with an
 * app-level secret, whose payload names the account each part is about. A delivery is stored once
 * per connected integration of a named account (two tenants may connect the same organisation), with
 * the type and time of that account's part; handlers only read the part of their own account.
 * - Xero: `events[].tenantId` (one batch can span organisations);
 * - Stripe Connect: the event's `account`;
 * - QuickBooks: `eventNotifications[].realmId`, or `intuitaccountid` of each CloudEvent.
 */

/** One account named by a delivery, with the facts of its part of the batch. */
export type AccountRoute = { accountRef: string; eventType: string | null; occurredAt: Date | null };

/** Groups a batch by the account each item names; items naming none are dropped. */
function byAccount(
  items: unknown[],
  accountOf: (item: unknown) => string | null,
  factsOf: (items: unknown[]) => Omit<AccountRoute, "accountRef">,
): AccountRoute[] {
  const groups = new Map<string, unknown[]>();
  for (const item of items) {
    const account = accountOf(item);
    if (account) groups.set(account, [...(groups.get(account) ?? []), item]);
  }
  return [...groups].map(([accountRef, group]) => ({ accountRef, ...factsOf(group) }));
}

const xeroRoutes = (body: unknown) =>
  byAccount(
    list(pick(body, "events")),
    (event) => text(pick(event, "tenantId")),
    (events) => ({
      eventType: events.length === 1 ? (xeroEventTypeOf(events[0]) ?? xeroBatchType) : xeroBatchType,
      occurredAt: latest(events.map((event) => toDate(pick(event, "eventDateUtc")))),
    }),
  );

const quickbooksRoutes = (body: unknown) =>
  Array.isArray(body)
    ? byAccount(
        body,
        (event) => text(pick(event, "intuitaccountid")),
        (events) => ({
          eventType:
            events.length === 1
              ? (text(pick(events[0], "type")) ?? quickbooksBatchType)
              : quickbooksBatchType,
          occurredAt: latest(events.map((event) => toDate(pick(event, "time")))),
        }),
      )
    : byAccount(
        list(pick(body, "eventNotifications")),
        (notification) => text(pick(notification, "realmId")),
        (notifications) => ({
          eventType: quickbooksBatchType,
          occurredAt: latest(
            notifications.flatMap((notification) =>
              list(pick(notification, "dataChangeEvent", "entities")).map((entity) =>
                toDate(pick(entity, "lastUpdated")),
              ),
            ),
          ),
        }),
      );

const stripeRoutes = (_body: unknown, facts: EventFacts): AccountRoute[] =>
  facts.accountRef
    ? [{ accountRef: facts.accountRef, eventType: facts.eventType, occurredAt: facts.occurredAt }]
    : [];

const routers: Partial<Record<string, (body: unknown, facts: EventFacts) => AccountRoute[]>> = {
  xero: xeroRoutes,
  stripe: stripeRoutes,
  quickbooks: quickbooksRoutes,
};

/** Whether a provider has an app-level endpoint. */
export const hasAppLevelWebhooks = (providerId: string) => Object.hasOwn(routers, providerId);

/** The accounts a verified app-level delivery is for; empty when it names none (nothing to route). */
export function accountRoutesOf(providerId: string, body: unknown, facts: EventFacts): AccountRoute[] {
  const routes = hasAppLevelWebhooks(providerId) ? (routers[providerId]?.(body, facts) ?? []) : [];
  // No connected account's id holds NUL, and Postgres refuses it as a query parameter.
  return routes.filter((route) => !route.accountRef.includes(NUL));
}
