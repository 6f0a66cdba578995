import { env } from "@/lib/env";

export type KeyRing = { currentId: string; keys: ReadonlyMap<string, Buffer> };

/**
 * The encryption key ring from ENCRYPTION_KEYS (validated in lib/env: ids unique, 32-byte keys).
 * The current key encrypts; every key in the ring decrypts, so rotation needs no downtime.
 */
export function keyRingFromEnv(): KeyRing {
  const ring = env.ENCRYPTION_KEYS;
  const currentId = env.ENCRYPTION_KEY_CURRENT ?? ring[ring.length - 1]?.id;
  if (!currentId) throw new Error("ENCRYPTION_KEYS has no keys");
  return { currentId, keys: new Map(ring.map((entry) => [entry.id, entry.key])) };
}

let cached: KeyRing | undefined;
export function keyRing(): KeyRing {
  cached ??= keyRingFromEnv();
  return cached;
}
