import pino from "pino";
import type { Credentials, GatewayContext } from "@/server/providers/gateways/base";
import type { ProviderDefinition } from "@/server/providers/types";

/** A gateway context pointed at a local test server; the provider entry is looked up in the registry. */
export async function gatewayContext(
  providerId: string,
  apiBase: string,
  credentials: Credentials,
): Promise<GatewayContext> {
  const { registry } = (await import("@/server/providers/registry")) as {
    registry: Record<string, ProviderDefinition>;
  };
  const provider = registry[providerId];
  if (!provider) throw new Error(`unknown provider ${providerId}`);
  return { provider, apiBase: apiBase.replace(/\/$/, ""), credentials, log: pino({ level: "silent" }) };
}
