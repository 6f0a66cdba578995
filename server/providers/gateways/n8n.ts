import type { GatewayFactory } from "./base";
import { outboundHookGateway } from "./outbound-hook";

/** n8n: events posted to a workflow's Webhook node (production URL). */
export const n8nGateway: GatewayFactory = outboundHookGateway({ urlKey: "webhookUrl" });
