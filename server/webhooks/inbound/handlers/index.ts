import { customWebhookHandlers } from "./custom-webhook";
import { paypalHandlers } from "./paypal";
import { quickbooksHandlers } from "./quickbooks";
import { squareHandlers } from "./square";
import { stripeHandlers } from "./stripe";
import type { ProviderHandlers, RegisteredHandler, StoredEvent } from "./types";
import { xeroHandlers } from "./xero";

export type { EventHandler, RegisteredHandler, StoredEvent } from "./types";

/**
 * One handler per provider event type (e.g. stripe → invoice.paid). Event types without a handler
 * are stored and marked `ignored`, never dropped; replay runs them again once a handler exists.
 */
export const inboundHandlers: Partial<Record<string, ProviderHandlers>> = {
  stripe: stripeHandlers,
  xero: xeroHandlers,
  paypal: paypalHandlers,
  square: squareHandlers,
  quickbooks: quickbooksHandlers,
  custom_webhook: customWebhookHandlers,
};

/** The handler of a stored event's provider and type; undefined when there is none (→ ignored). */
export function handlerFor(event: StoredEvent): RegisteredHandler | undefined {
  if (!event.eventType || !Object.hasOwn(inboundHandlers, event.providerId)) return undefined;
  const handlers = inboundHandlers[event.providerId];
  return handlers && Object.hasOwn(handlers, event.eventType) ? handlers[event.eventType] : undefined;
}
