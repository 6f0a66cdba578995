import type { GatewayFactory } from "./base";
import { outboundHookGateway } from "./outbound-hook";

/** Custom webhook: Standard Webhooks–signed events to the tenant's own endpoint. */
export const customWebhookGateway: GatewayFactory = outboundHookGateway({
  urlKey: "endpointUrl",
  signingSecretKey: "signingSecret",
});
