import { env } from "@/lib/env";
import { PEER_ADDRESS_HEADER, peerAddressesStamped } from "./peer-address";

/**
 * The caller's address, only from what we can trust:
 * - TRUSTED_PROXY_HOPS=0 (the default: no proxy declared): the socket's peer, as the server stamped
 *   it on the request (peer-address.ts) or as the caller of this function has it, else null.
 *   X-Forwarded-For and X-Real-IP are then whatever the caller sent, and are ignored.
 * - N > 0: the X-Forwarded-For entry N places from the right, the one the nearest trusted proxy
 *   appended (entries further left are the caller's own claim); X-Real-IP when there is no list.
 */
export function clientAddressOf(
  headers: Headers,
  hops = env.TRUSTED_PROXY_HOPS,
  peer: string | null = null,
): string | null {
  if (hops <= 0) return (peerAddressesStamped() && headers.get(PEER_ADDRESS_HEADER)?.trim()) || peer;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length) return entries[Math.max(0, entries.length - hops)] ?? null;
  return headers.get("x-real-ip")?.trim() || null;
}
