import { createHash } from "node:crypto";

/**
 * The first 8 hex characters of sha256(secret): a stable, non-reversible label for a credential.
 * Used as the account id by providers that expose no "who am I" endpoint, so connecting the same key
 * twice is still detected without storing or logging the key itself.
 */
export function secretFingerprint(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 8);
}
