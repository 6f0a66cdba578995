import type { GatewayFactory } from "./base";
import { outboundHookGateway } from "./outbound-hook";

/** Make: events posted to a scenario's custom webhook URL. */
export const makeGateway: GatewayFactory = outboundHookGateway({ urlKey: "webhookUrl" });
