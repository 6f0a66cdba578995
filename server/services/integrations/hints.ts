import { credentialFieldsOf } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";

/** Masks a secret so a person can recognise it: `sk_live_…4242`, `re_…9f2a`, `…x7`. */
export function maskSecret(value: string): string {
  const prefix = /^([a-z]{1,6}_(?:(?:test|live)_)?)/.exec(value)?.[1] ?? "";
  const tail =
    value.length - prefix.length >= 12 ? value.slice(-4) : value.length >= 8 ? value.slice(-2) : "";
  return `${prefix}…${tail}`;
}

/** The clear-text view of credentials: secret fields masked, plain settings (ids, hosts, emails) as they are. */
export function credentialHints(
  provider: ProviderDefinition,
  credentials: Record<string, unknown>,
): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const field of credentialFieldsOf(provider)) {
    const value = credentials[field.key];
    if (value === undefined || value === null || value === "") continue;
    hints[field.key] = field.secret ? maskSecret(String(value)) : String(value);
  }
  return hints;
}
