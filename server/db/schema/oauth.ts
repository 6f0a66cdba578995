import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { tenantIdColumn } from "./columns";
import { integrations } from "./integrations";

// "failed": refused for another reason (e.g. invalid_client, an unusable answer): not retried, grant kept.
export const refreshOutcomes = ["ok", "invalid_grant", "transient_error", "failed"] as const;
export type RefreshOutcome = (typeof refreshOutcomes)[number];

/**
 * One pending OAuth authorization: single use (`used_at`), expiring after 10 minutes, bound to the
 * user, tenant and provider that started it. The PKCE verifier is sealed (purpose
 * "oauth_state.verifier", AAD bound to tenant + this row's id).
 */
export const oauthStates = pgTable(
  "oauth_states",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    state: text("state").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    tenantId: tenantIdColumn(),
    providerId: text("provider_id").notNull(),
    // Set when reconnecting: the new tokens go to the same integration.
    integrationId: uuid("integration_id").references(() => integrations.id, { onDelete: "cascade" }),
    redirectUri: text("redirect_uri").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (table) => [
    uniqueIndex("oauth_states_state_uidx").on(table.state),
    index("oauth_states_tenant_created_idx").on(table.tenantId, table.createdAt),
  ],
);

/** Every token refresh attempt of an OAuth integration: when, how it ended, how long it took; never tokens. */
export const oauthRefreshAttempts = pgTable(
  "oauth_refresh_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).defaultNow().notNull(),
    outcome: text("outcome", { enum: refreshOutcomes }).notNull(),
    errorCode: text("error_code"),
    durationMs: integer("duration_ms").notNull(),
  },
  (table) => [
    index("oauth_refresh_attempts_tenant_integration_idx").on(
      table.tenantId,
      table.integrationId,
      table.attemptedAt,
    ),
  ],
);
