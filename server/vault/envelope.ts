import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { type KeyRing, keyRing } from "./keyring";

/** What a ciphertext is bound to: decrypting it for another tenant, row or purpose fails. */
export type SealContext = { tenantId: string; rowId: string; purpose: string };

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}

const FORMAT = "pbv1";
const NONCE_BYTES = 12;

const aadOf = (context: SealContext) =>
  Buffer.from(`${FORMAT}|${context.purpose}|${context.tenantId}|${context.rowId}`, "utf8");

/**
 * AES-256-GCM with a random 96-bit nonce per call. Stored as `pbv1:<keyId>:<nonce>:<ciphertext>:<tag>`
 * (base64url), so any key in the ring can open it and rotation knows which rows are behind.
 */
export function seal(plaintext: string, context: SealContext, ring: KeyRing = keyRing()): string {
  const key = ring.keys.get(ring.currentId);
  if (!key) throw new VaultError(`current key ${ring.currentId} is not in the ring`);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aadOf(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    FORMAT,
    ring.currentId,
    nonce.toString("base64url"),
    ciphertext.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(":");
}

export function open(sealed: string, context: SealContext, ring: KeyRing = keyRing()): string {
  const [format, keyId, nonce, ciphertext, tag] = sealed.split(":");
  if (format !== FORMAT || !keyId || !nonce || ciphertext === undefined || !tag)
    throw new VaultError("not a sealed value");
  const key = ring.keys.get(keyId);
  if (!key)
    throw new VaultError(`key ${keyId} is not in the ring (was it removed before rotation finished?)`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(aadOf(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new VaultError(
      "decryption failed: wrong key, tenant, row or purpose, or the value was tampered with",
    );
  }
}

export const keyIdOf = (sealed: string) => sealed.split(":")[1] ?? null;

export const sealJson = (value: unknown, context: SealContext, ring?: KeyRing) =>
  seal(JSON.stringify(value), context, ring);
export const openJson = <T>(sealed: string, context: SealContext, ring?: KeyRing) =>
  JSON.parse(open(sealed, context, ring)) as T;
