import { randomUUID } from "node:crypto";
import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** An email as the Resend stand-in accepted it. */
export type ResendEmail = { id: string; from: string; to: string | string[]; subject: string; text?: string };

/** The Resend stand-in: its accepted emails plus the local server. */
export type ResendServer = LocalProviderServer & { emails: ResendEmail[] };

type ResendKeys = { fullAccess: string[]; sendingOnly?: string[] };

const resendError = (statusCode: number, name: string, message: string): ProviderReply => ({
  status: statusCode,
  body: { statusCode, name, message },
});

/**
 * A Resend stand-in following https://resend.com/docs/api-reference: Bearer keys (401 missing_api_key,
 * 403 invalid_api_key, 401 restricted_api_key for a sending-only key outside POST /emails), a required
 * User-Agent, GET /domains, and POST /emails that checks fields and the sender's domain and honours
 * Idempotency-Key.
 */
export async function startResendServer(options: {
  keys: ResendKeys;
  verifiedDomains: string[];
}): Promise<ResendServer> {
  const emails: ResendEmail[] = [];
  const idempotentReplies = new Map<string, ProviderReply>();
  const handle = (request: RecordedRequest): ProviderReply => {
    if (!request.headers["user-agent"]) return resendError(403, "forbidden", "error code: 1010");
    const key = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!key) return resendError(401, "missing_api_key", "Missing API key in the authorization header.");
    const sendingOnly = options.keys.sendingOnly?.includes(key) ?? false;
    if (!sendingOnly && !options.keys.fullAccess.includes(key))
      return resendError(403, "invalid_api_key", "API key is invalid");
    const route = `${request.method} ${request.path}`;
    if (route === "POST /emails") return sendEmail(request);
    if (sendingOnly)
      return resendError(401, "restricted_api_key", "This API key is restricted to only send emails");
    if (route === "GET /domains") {
      const data = options.verifiedDomains.map((name, index) => ({
        id: `d91cd9bd-1176-453e-8fc1-35364d38056${index}`,
        name,
        status: "verified",
        created_at: "2026-01-05 10:00:00.000000+00",
        region: "us-east-1",
      }));
      return { status: 200, body: { object: "list", has_more: false, data } };
    }
    return resendError(404, "not_found", "The requested endpoint does not exist.");
  };

  function sendEmail(request: RecordedRequest): ProviderReply {
    const idempotencyKey = request.headers["idempotency-key"];
    const earlier = typeof idempotencyKey === "string" ? idempotentReplies.get(idempotencyKey) : undefined;
    if (earlier) return earlier;
    const email = JSON.parse(request.body) as Partial<ResendEmail>;
    if (!email.from || !email.to || !email.subject) {
      return resendError(422, "missing_required_field", "Missing `from`, `to` or `subject` field.");
    }
    const domain = email.from.replace(/^.*<|>$/g, "").split("@")[1] ?? "";
    if (!options.verifiedDomains.includes(domain)) {
      return resendError(
        403,
        "validation_error",
        `The ${domain} domain is not verified. Please, add and verify your domain.`,
      );
    }
    const id = randomUUID();
    emails.push({ id, from: email.from, to: email.to, subject: email.subject, text: email.text });
    const reply = { status: 200, body: { id } };
    if (typeof idempotencyKey === "string") idempotentReplies.set(idempotencyKey, reply);
    return reply;
  }

  const server = await startLocalProviderServer({
    handle,
    errorBody: (status) => ({
      statusCode: status,
      name: "application_error",
      message: "An unexpected error occurred.",
    }),
  });
  return { ...server, emails };
}
