import { z } from "zod";

export const integrationStatusSchema = z.enum([
  "pending_configuration",
  "testing",
  "active",
  "inactive",
  "error",
]);
export const testResultSchema = z.object({ ok: z.boolean(), message: z.string(), durationMs: z.number() });

/** An integration as it leaves the server: masked hints only, never a secret. */
export const integrationOutput = z.object({
  id: z.uuid(),
  providerId: z.string(),
  providerName: z.string(),
  category: z.string(),
  name: z.string(),
  status: integrationStatusSchema,
  statusReason: z.string().nullable(),
  credentialHints: z.record(z.string(), z.string()),
  hasWebhookSecret: z.boolean(),
  webhookUrl: z.string(),
  externalAccountId: z.string().nullable(),
  externalAccountName: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  oauth: z
    .object({
      organisations: z.array(z.object({ tenantId: z.string(), tenantName: z.string().nullable() })),
      missingScopes: z.array(z.string()),
    })
    .nullable(),
  lastTestAt: z.date().nullable(),
  lastTestResult: testResultSchema.nullable(),
  disconnectedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const connectOutput = z.object({
  integration: integrationOutput,
  webhook: z.object({
    url: z.string(),
    secret: z
      .string()
      .nullable()
      .describe("Shown once, for senders that sign with a secret Plugboard issues (Standard Webhooks)"),
  }),
});

export const catalogEntryOutput = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  logo: z.string(),
  status: z.enum(["active", "beta", "deprecated"]),
  category: z.string(),
  authMode: z.string(),
  docsUrl: z.string(),
  connected: z.number().int(),
  withErrors: z.number().int(),
  /** False when this server cannot connect the provider (its OAuth app is not set up); the reason says why. */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
});

export const capabilityOutput = z.object({
  code: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
});

export const linkOutput = z.object({
  id: z.uuid(),
  integrationId: z.uuid(),
  entityType: z.string(),
  entityId: z.string(),
  purpose: z.string(),
  isDefault: z.boolean(),
  createdAt: z.date(),
});

export const auditEntryOutput = z.object({
  id: z.uuid(),
  actorType: z.string(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

/** How often non-final invoices are reconciled with the provider (a missed webhook is caught by then). */
export const syncFrequencies = ["realtime", "hourly", "daily"] as const;
/** Non-secret settings of an integration, changed by owners and admins. */
export const integrationSettingsInput = z.object({ syncFrequency: z.enum(syncFrequencies) }).partial();

/** Which integration a customer's invoices go to and where that choice comes from. */
export const billingIntegrationOutput = z.object({
  customerId: z.uuid(),
  source: z.enum(["customer", "tenant"]).nullable(),
  integration: integrationOutput.nullable(),
  syncCounts: z.record(z.string(), z.number().int()),
});
