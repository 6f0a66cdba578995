import type { z } from "zod";

export const providerCategories = [
  "payments",
  "accounting",
  "bill_pay",
  "automation",
  "communication",
  "storage",
  "crm",
  "identity",
  "data",
] as const;
export type ProviderCategory = (typeof providerCategories)[number];

export const authModes = ["api_key", "oauth2", "basic", "webhook_only"] as const;
export type AuthMode = (typeof authModes)[number];

export const providerStatuses = ["active", "beta", "deprecated"] as const;
export type ProviderStatus = (typeof providerStatuses)[number];

/** Inbound webhook signature schemes (GUIDE §7); each gets one verifier in server/webhooks/inbound/verify/. */
export const signatureSchemes = [
  "stripe",
  "xero",
  "standard_webhooks",
  "slack",
  "square",
  "paypal",
  "quickbooks",
  "hubspot_v3",
  "bill_com",
  "none",
] as const;
export type SignatureScheme = (typeof signatureSchemes)[number];

export const capabilityCodes = [
  "VALIDATE_CREDENTIALS",
  "SEND_INVOICE",
  "SYNC_INVOICE_STATUS",
  "RECORD_PAYMENT",
  "SYNC_CUSTOMER",
  "SYNC_BILL",
  "SEND_NOTIFICATION",
  "TRIGGER_WORKFLOW",
  "ARCHIVE_DOCUMENT",
  "SYNC_CONTACT",
  "LOOKUP_COMPANY",
  "VERIFY_IDENTITY",
  "EXTRACT_DOCUMENT",
] as const;
export type CapabilityCode = (typeof capabilityCodes)[number];

/** A JSON Schema (draft 2020-12) object describing a capability's parameters. */
export type JsonSchema = {
  type: "object";
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
};

export type CapabilityDefinition = { description: string; parameters: JsonSchema };

/**
 * Metadata every credential field carries through zod's `.meta()`, so the zod schema is the one
 * source for validation and for the wizard's labels, help and masking.
 */
export type CredentialFieldMeta = {
  label: string;
  /** Where to find the value, in a sentence. */
  help: string;
  /** A link to the provider page where the value is found. */
  whereToFind?: string;
  /** Secret values are encrypted at rest and shown only as masked hints. */
  secret: boolean;
  placeholder?: string;
};

export type RateLimit = { requests: number; perSeconds: number };

export type OAuthDefinition = {
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  scopes: string[];
  /** Scopes the integration cannot work without; missing ones are reported after consent. */
  requiredScopes?: string[];
  clientAuth: "client_secret_basic" | "client_secret_post";
  extraAuthorizationParams?: Record<string, string>;
};

export type ProviderDefinition = {
  id: string;
  displayName: string;
  category: ProviderCategory;
  description: string;
  /** Inline SVG markup (a simple, recognisable mark; no external references). */
  logo: string;
  docsUrl: string;
  status: ProviderStatus;
  authMode: AuthMode;
  /** Credential fields; each field's `.meta()` is a CredentialFieldMeta. */
  credentials: z.ZodObject;
  /** API base URL; `<PREFIX>_API_BASE` in the environment overrides it (e.g. STRIPE_API_BASE). */
  apiBase: string;
  /** Prefix of this provider's environment variables, e.g. "STRIPE", "BILL_COM". */
  envPrefix: string;
  oauth?: OAuthDefinition;
  rateLimits: { perTenant?: RateLimit; appWide?: RateLimit; concurrentPerTenant?: number; daily?: number };
  webhook: { scheme: SignatureScheme };
  capabilities: Partial<Record<CapabilityCode, CapabilityDefinition>>;
};
