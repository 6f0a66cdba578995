import { randomBytes } from "node:crypto";
import {
  basicCredentialsOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/**
 * A PayPal stand-in for the OAuth token endpoint, following PayPal's documented contract
 * (developer.paypal.com/api/rest/authentication): `POST /v1/oauth2/token`, HTTP Basic client id and secret,
 * form body `grant_type=client_credentials`. The endpoint is not in shared/specs/paypal_*.json (those cover
 * invoicing and webhooks), so this follows the documentation rather than a spec file.
 */
export type PaypalApp = { clientId: string; clientSecret: string; appId?: string };

export const paypalTokenPath = "/v1/oauth2/token";

/** Starts the PayPal stand-in; `apps` are the REST apps whose credentials it accepts. */
export function startPaypalServer(apps: PaypalApp[]): Promise<LocalProviderServer> {
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method !== "POST" || request.path !== paypalTokenPath) {
      return paypalError(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.");
    }
    return paypalTokenReply(apps, request);
  };
  return startLocalProviderServer({ handle, errorBody: paypalErrorBody });
}

/** Answers `POST /v1/oauth2/token` as PayPal does; `issued` collects the access tokens handed out. */
export function paypalTokenReply(apps: PaypalApp[], request: RecordedRequest, issued?: Set<string>) {
  if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
    return oauthError(415, "invalid_request", "Content type must be application/x-www-form-urlencoded");
  }
  const grantType = new URLSearchParams(request.body).get("grant_type");
  if (grantType !== "client_credentials")
    return oauthError(400, "unsupported_grant_type", "Grant Type is NULL");
  const credentials = basicCredentialsOf(request);
  const app = apps.find(
    (candidate) =>
      candidate.clientId === credentials?.user && candidate.clientSecret === credentials.password,
  );
  if (!app) return oauthError(401, "invalid_client", "Client Authentication failed");
  const accessToken = `A21AA${randomBytes(24).toString("base64url")}`;
  issued?.add(accessToken);
  const body = {
    scope: "https://uri.paypal.com/services/invoicing https://uri.paypal.com/services/payments/payment",
    access_token: accessToken,
    token_type: "Bearer",
    ...(app.appId ? { app_id: app.appId } : {}),
    expires_in: 32_400,
    nonce: `${new Date().toISOString()}${randomBytes(8).toString("hex")}`,
  };
  return { status: 200, body };
}

/** PayPal's body for an injected failure of this status. */
export function paypalErrorBody(status: number): unknown {
  return status === 429
    ? paypalError(429, "RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.").body
    : paypalError(status, "INTERNAL_SERVER_ERROR", "An internal server error has occurred.").body;
}

/** The OAuth endpoint's error shape, e.g. `{"error":"invalid_client","error_description":"..."}`. */
export function oauthError(status: number, error: string, description: string): ProviderReply {
  return { status, body: { error, error_description: description } };
}

/** The REST APIs' error shape: `{name, message, debug_id}`. */
export function paypalError(status: number, name: string, message: string): ProviderReply {
  return { status, body: { name, message, debug_id: randomBytes(6).toString("hex") } };
}
