import { createHmac, timingSafeEqual } from "node:crypto";
import zlib from "node:zlib";
import type { InboundRequest, Verifier, VerifierKey } from "./types";

/** The reasons every verifier gives, worded once so routes, logs and tests agree. */
export const reasons = {
  mismatch: "signature mismatch",
  stale: "timestamp outside the tolerance window",
  badJson: "body is not valid JSON",
  noSecret: "no signing secret configured",
  failed: "verification failed",
} as const;

/** The replay window Slack, HubSpot and Standard Webhooks prescribe. */
export const FIVE_MINUTES_MS = 5 * 60 * 1000;
/** A refusal; verifiers answer with these instead of throwing. */
export type Rejection = { ok: false; reason: string };
/** Builds a refusal. */
export const reject = (reason: string): Rejection => ({ ok: false, reason });

/** The refusal for an absent signature or timestamp header. */
export const missing = (header: string): Rejection => reject(`missing ${header}`);

/** HMAC-SHA256 of a UTF-8 message, in the encoding the provider puts in its header. */
export function hmacSha256(secret: string, message: string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", secret).update(message, "utf8").digest(encoding);
}

/** Constant-time comparison of two signatures (never `===`, which leaks how many leading bytes match). */
export function safeEqual(received: string, expected: string): boolean {
  const left = Buffer.from(received, "utf8");
  const right = Buffer.from(expected, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether a provider timestamp is within toleranceMs of our receipt, either way (replays, clock skew). */
export function withinWindow(at: Date | null, receivedAt: Date, toleranceMs: number): boolean {
  if (!at || Number.isNaN(at.getTime())) return false;
  return Math.abs(receivedAt.getTime() - at.getTime()) <= toleranceMs;
}

/** JSON.parse that answers instead of throwing, for bodies whose signature already checked out. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

const crcTable = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

/** CRC-32 (IEEE) by table, for Node versions before zlib.crc32 (20.15 / 22.2). */
export function crc32ByTable(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Unsigned CRC-32 of the UTF-8 bytes of a string (PayPal signs it as a decimal). */
export function crc32(text: string): number {
  const bytes = Buffer.from(text, "utf8");
  return typeof zlib.crc32 === "function" ? zlib.crc32(bytes) >>> 0 : crc32ByTable(bytes);
}

/** Wraps a verifier so an empty secret is refused up front and nothing it throws escapes. */
export function guarded(verify: Verifier): Verifier {
  return async (request, key) => {
    if (!key.secret) return reject(reasons.noSecret);
    try {
      return await verify(request, key);
    } catch {
      return reject(reasons.failed);
    }
  };
}

/** How one provider lays out an HMAC signature: header, encoding, optional timestamp, signed string. */
export type HmacScheme = {
  header: string;
  encoding: "hex" | "base64";
  /** Text before the digest in the header, e.g. Slack's "v0=". */
  prefix?: string;
  /** Timestamp header and its unit; when set, it must be present and within five minutes. */
  timestamp?: { header: string; unit: "s" | "ms" };
  /** The string the provider signs, given the request and the timestamp header ("" without one). */
  signed: (request: InboundRequest, timestamp: string) => string;
};

/** Parses an integer epoch header in seconds or milliseconds; null for anything else. */
export function epochHeader(raw: string, unit: "s" | "ms"): Date | null {
  return /^\d{1,16}$/.test(raw) ? new Date(Number(raw) * (unit === "s" ? 1000 : 1)) : null;
}

/** The whole HMAC-header flow: headers present, timestamp window, constant-time match, then a JSON body. */
export function verifyHmac(
  request: InboundRequest,
  key: VerifierKey,
  scheme: HmacScheme,
): { ok: true; body: unknown } | Rejection {
  const signature = request.headers.get(scheme.header)?.trim();
  if (!signature) return missing(scheme.header);
  let timestamp = "";
  if (scheme.timestamp) {
    timestamp = request.headers.get(scheme.timestamp.header)?.trim() ?? "";
    if (!timestamp) return missing(scheme.timestamp.header);
    const at = epochHeader(timestamp, scheme.timestamp.unit);
    if (!withinWindow(at, request.receivedAt, FIVE_MINUTES_MS)) return reject(reasons.stale);
  }
  const digest = hmacSha256(key.secret, scheme.signed(request, timestamp), scheme.encoding);
  if (!safeEqual(signature, `${scheme.prefix ?? ""}${digest}`)) return reject(reasons.mismatch);
  const body = parseJson(request.rawBody);
  return body.ok ? { ok: true, body: body.value } : reject(reasons.badJson);
}

/** Reads a nested field of a parsed JSON value; undefined when any step is missing. */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A JSON array, or an empty one for anything else. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A non-empty string or finite number as a string (ids arrive as either); null otherwise. */
export function text(value: unknown): string | null {
  if (typeof value === "string") return value || null;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : null;
}

/** An ISO-8601 string or epoch-milliseconds number as a Date; null when absent or unparseable. */
export function toDate(value: unknown): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The latest of some dates, for batches whose newest event orders them. */
export function latest(dates: (Date | null)[]): Date | null {
  const times = dates.flatMap((date) => (date ? [date.getTime()] : []));
  return times.length ? new Date(Math.max(...times)) : null;
}
