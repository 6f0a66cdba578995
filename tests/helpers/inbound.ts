import { createHmac } from "node:crypto";
import type { InboundRequest } from "@/server/webhooks/inbound/verify/types";

/** An inbound webhook delivery as the route hands it to a verifier. */
export const inboundRequest = (
  rawBody: string,
  headers: Record<string, string>,
  options: { url?: string; receivedAt?: Date } = {},
): InboundRequest => ({
  method: "POST",
  url: options.url ?? "https://plugboard.example/hook",
  headers: new Headers(headers),
  rawBody,
  receivedAt: options.receivedAt ?? new Date(),
});

/** Changes one digit, so the body stays valid JSON and only the signature can tell. */
export const tamper = (body: string) => body.replace(/\d/, (digit) => String((Number(digit) + 1) % 10));
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
export const failure = (reason: string) => ({ ok: false, reason });

/** Base64 HMAC-SHA256, as Xero, QuickBooks and Square sign (Square over notification URL + body). */
export const hmacBase64 = (secret: string, message: string) =>
  createHmac("sha256", secret).update(message, "utf8").digest("base64");
