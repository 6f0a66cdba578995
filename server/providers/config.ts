import { providerSettings } from "@/lib/env";
import type { ProviderDefinition } from "./types";

/** The provider's API base URL: `<PREFIX>_API_BASE` from the environment, else the registry default. */
export function apiBaseOf(provider: ProviderDefinition): string {
  return (providerSettings[`${provider.envPrefix}_API_BASE`] ?? provider.apiBase).replace(/\/+$/, "");
}
