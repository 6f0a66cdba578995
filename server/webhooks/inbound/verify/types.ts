import type { SignatureScheme } from "@/server/providers/types";

/** One inbound webhook delivery exactly as received: the raw body is read once and never re-serialised. */
export type InboundRequest = {
  method: string;
  /** The public URL the provider posted to (Square and HubSpot sign it). */
  url: string;
  headers: Headers;
  rawBody: string;
  receivedAt: Date;
};

/**
 * What a verifier needs from the vault or configuration: the scheme's secret (Stripe whsec_, Square
 * signature key, Standard Webhooks whsec_, Slack signing secret, PayPal webhook id, ...).
 */
export type VerifierKey = { secret: string };

/** What the event says about itself, for idempotent storage and ordering. */
export type EventFacts = {
  /** The provider's event id; null when the provider has none (the caller hashes the body). */
  eventId: string | null;
  eventType: string | null;
  /** The provider's event time, used to keep a late older event from overwriting a newer one. */
  occurredAt: Date | null;
  /** The account the payload names (Stripe Connect `account`, Xero `tenantId`, QuickBooks `realmId`). */
  accountRef: string | null;
  /** True for deliveries that only prove the endpoint (Xero intent-to-receive): acknowledge, store nothing. */
  handshake?: boolean;
};

export type Verification = ({ ok: true } & EventFacts) | { ok: false; reason: string };

/** One verifier per signature scheme. It never throws for bad input: it answers { ok: false, reason }. */
export type Verifier = (request: InboundRequest, key: VerifierKey) => Promise<Verification>;

export type VerifierScheme = Exclude<SignatureScheme, "none">;
