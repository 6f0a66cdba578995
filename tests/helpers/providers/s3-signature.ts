import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** An S3 error as the stand-in answers it: HTTP status, S3 error code and message. */
export type S3Failure = { status: number; code: string; message: string };

const credentialPattern = new RegExp(
  "^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, ?" +
    "SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$",
);
const maxClockSkewMs = 15 * 60 * 1000;

const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const encodeRfc3986 = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** `20260105T101500Z` → epoch milliseconds. */
const amzDateToMs = (amzDate: string) =>
  Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way S3 does: rebuilds the canonical
 * request from the signed headers, derives the signing key from the secret and compares in constant
 * time (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Returns the
 * access key id when the signature holds, else the S3 error to answer.
 */
export function verifySigV4(
  request: IncomingMessage,
  secretOf: (accessKeyId: string) => string | undefined,
): S3Failure | string {
  const parts = credentialPattern.exec(request.headers.authorization ?? "");
  if (!parts) return { status: 403, code: "AccessDenied", message: "Access Denied." };
  const [, accessKeyId = "", date = "", region = "", signedHeaders = "", signature = ""] = parts;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) {
    const message = "The AWS Access Key Id you provided does not exist in our records.";
    return { status: 403, code: "InvalidAccessKeyId", message };
  }
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date) || !(Math.abs(Date.now() - amzDateToMs(amzDate)) < maxClockSkewMs)) {
    const message = "The difference between the request time and the current time is too large.";
    return { status: 403, code: "RequestTimeTooSkewed", message };
  }
  const url = new URL(request.url ?? "/", "http://s3.local");
  const query = [...url.searchParams]
    .map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(value)}`)
    .sort()
    .join("&");
  const headerLines = signedHeaders.split(";").map((name) => {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
  });
  const payloadHash = String(request.headers["x-amz-content-sha256"] ?? sha256Hex(""));
  const canonicalRequest = [
    request.method,
    url.pathname,
    query,
    headerLines.join(""),
    signedHeaders,
    payloadHash,
  ];
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest.join("\n"))].join(
    "\n",
  );
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString("hex"));
  if (!timingSafeEqual(expected, Buffer.from(signature))) {
    const message =
      "The request signature we calculated does not match the signature you provided. " +
      "Check your key and signing method.";
    return { status: 403, code: "SignatureDoesNotMatch", message };
  }
  return accessKeyId;
}
