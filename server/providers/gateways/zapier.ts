import type { GatewayFactory } from "./base";
import { outboundHookGateway } from "./outbound-hook";

/** Zapier: events posted to a "Catch Hook" trigger URL. */
export const zapierGateway: GatewayFactory = outboundHookGateway({ urlKey: "hookUrl" });
