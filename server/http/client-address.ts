import { env } from "@/lib/env";

/**
 * The caller's address as the nearest trusted proxy saw it: the X-Forwarded-For entry
 * TRUSTED_PROXY_HOPS places from the right (entries further left are whatever the caller sent, so
 * the left-most one is never trusted). Falls back to X-Real-IP; null when neither is there.
 */
export function clientAddressOf(headers: Headers, hops = env.TRUSTED_PROXY_HOPS): string | null {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length) return entries[Math.max(0, entries.length - Math.max(1, hops))] ?? null;
  return headers.get("x-real-ip")?.trim() || null;
}
