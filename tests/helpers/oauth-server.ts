import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { oauthTestClient, oauthTestScopes } from "./oauth-test-client";

/** Counters and failure injection, shared with test workers over `/__test/*`. */
type Control = { tokenRequests: number; failNext: number[]; tokenDelayMs: number };

/**
 * A real OAuth 2.0 / OpenID authorization server (oidc-provider) on 127.0.0.1: code flow with PKCE
 * required, refresh tokens rotated on every use, and reuse of a consumed refresh token revoking the
 * whole grant (oidc-provider's built-in behaviour for consumed tokens, see
 * lib/actions/grants/refresh_token.js). Consent is automatic: `/interaction/:uid` approves a fixed
 * test account, or denies with `?decision=deny`.
 */
export async function startOAuthServer(options: { redirectUris?: string[] } = {}) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: oauthTestClient.clientId,
        client_secret: oauthTestClient.clientSecret,
        redirect_uris: options.redirectUris ?? [oauthTestClient.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    scopes: oauthTestScopes,
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async () => true,
    // Longer than Plugboard's 5-minute refresh margin, or every call would refresh; tests expire tokens
    // by rewriting `expiresAt` instead.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      RefreshToken: 86_400,
      Grant: 86_400,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["plugboard-oauth-test-cookie-key"] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@test.example` }),
    }),
  });
  const control: Control = { tokenRequests: 0, failNext: [], tokenDelayMs: 0 };
  const handle = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    if (url.pathname.startsWith("/__test/")) return void answerControl(url, control, res);
    if (url.pathname.startsWith("/interaction/")) return void interact(provider, url, req, res);
    if (url.pathname !== "/token" || req.method !== "POST") return handle(req, res);
    control.tokenRequests++;
    const failure = control.failNext.shift();
    setTimeout(() => {
      if (failure === undefined) return handle(req, res);
      res.writeHead(failure, { "content-type": "text/plain" }).end("injected failure");
    }, control.tokenDelayMs);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/__test/stats`, `/__test/fail?count=&status=`, `/__test/delay?ms=`, `/__test/reset`. */
function answerControl(url: URL, control: Control, res: ServerResponse) {
  const number = (name: string) => Number(url.searchParams.get(name) ?? 0);
  if (url.pathname === "/__test/fail")
    control.failNext.push(...Array.from({ length: number("count") }, () => number("status")));
  if (url.pathname === "/__test/delay") control.tokenDelayMs = number("ms");
  if (url.pathname === "/__test/reset")
    Object.assign(control, { tokenRequests: 0, failNext: [], tokenDelayMs: 0 });
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(control));
}

/** Logs in the fixed test account and consents to every requested scope, or denies on `?decision=deny`. */
async function interact(provider: Provider, url: URL, req: IncomingMessage, res: ServerResponse) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (url.searchParams.get("decision") === "deny") {
      const result = { error: "access_denied", error_description: "The test user denied access" };
      return await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    const accountId = details.session?.accountId ?? "test-user";
    const clientId = String(details.params.client_id);
    const grant =
      (details.grantId && (await provider.Grant.find(details.grantId))) ||
      new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(String(details.params.scope ?? ""));
    const grantId = await grant.save();
    const result = { login: { accountId }, consent: { grantId } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
  }
}
