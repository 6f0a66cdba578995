import type { Logger } from "pino";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { apiBaseOf } from "@/server/providers/config";
import { createGateway } from "@/server/providers/gateways";
import type { InvoicingGateway } from "@/server/providers/invoicing";
import { acquireCallBudget } from "@/server/ratelimit/provider-budget";
import { credentialsOf } from "../integrations/manage";
import { type IntegrationRow, providerOf } from "../integrations/views";
import { withAccessToken } from "../oauth/tokens";

/**
 * The invoicing gateway of one integration, wired for background work: every HTTP request waits for
 * the shared provider budget (at most `maxWaitMs`), OAuth integrations get fresh access tokens.
 */
export function invoicingGatewayOf(
  db: Db,
  log: Logger,
  row: IntegrationRow,
  options: { maxWaitMs?: number } = {},
): InvoicingGateway {
  const provider = providerOf(row.providerId);
  const ref = { tenantId: row.tenantId, integrationId: row.id };
  const oauth = provider.authMode === "oauth2";
  const gateway = createGateway(provider.id, {
    provider,
    apiBase: apiBaseOf(provider),
    credentials: oauth ? {} : credentialsOf(row),
    log,
    throttle: () => acquireCallBudget(db, provider, row.tenantId, options),
    withAccessToken: oauth ? (use) => withAccessToken(db, ref, use) : undefined,
    account: { externalAccountId: row.externalAccountId, metadata: row.metadata },
  });
  if (!gateway.invoicing)
    throw new AppError("BAD_REQUEST", `${provider.displayName} cannot send invoices in this version`);
  return gateway.invoicing;
}
