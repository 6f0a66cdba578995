import * as oauth from "oauth4webapi";
import { providerSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseTokens, type TokenResponse, tokenCall } from "./oauth-token-call";
import type { ProviderDefinition } from "./types";

export { OAuthGrantError, type TokenResponse } from "./oauth-token-call";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Plain http is accepted only for loopback endpoints (local test servers), never for real providers. */
const requestOptions = (url: string) => ({
  [oauth.allowInsecureRequests]: loopbackHosts.has(new URL(url).hostname),
  signal: AbortSignal.timeout(15_000),
});

/** The variables an operator sets to enable a provider's OAuth connection on this server. */
export const oauthClientVariables = (provider: ProviderDefinition) => [
  `${provider.envPrefix}_CLIENT_ID`,
  `${provider.envPrefix}_CLIENT_SECRET`,
];

/** Whether this server has the provider's OAuth client (id and secret); without it nobody can connect. */
export function oauthClientConfigured(provider: ProviderDefinition): boolean {
  return oauthClientVariables(provider).every((name) => Boolean(providerSettings[name]));
}

/** The provider's endpoints and client, each endpoint overridable by `<PREFIX>_*_URL` settings. */
function clientOf(provider: ProviderDefinition) {
  const definition = provider.oauth;
  if (!definition) throw new AppError("BAD_REQUEST", `${provider.displayName} does not connect with OAuth`);
  const setting = (key: string) => providerSettings[`${provider.envPrefix}_${key}`];
  const clientId = setting("CLIENT_ID");
  const clientSecret = setting("CLIENT_SECRET");
  if (!clientId || !clientSecret) {
    const names = oauthClientVariables(provider).join(" and ");
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `${provider.displayName} is not set up on this server: a platform admin sets ${names}`,
    );
  }
  const tokenUrl = setting("TOKEN_URL") ?? definition.tokenUrl;
  const revocationUrl = setting("REVOCATION_URL") ?? definition.revocationUrl;
  const server: oauth.AuthorizationServer = {
    // The issuer expected in `iss` (RFC 9207) and ID tokens: the token endpoint's origin (true for Xero).
    issuer: new URL(tokenUrl).origin,
    authorization_endpoint: setting("AUTHORIZATION_URL") ?? definition.authorizationUrl,
    token_endpoint: tokenUrl,
    revocation_endpoint: revocationUrl,
  };
  const auth =
    definition.clientAuth === "client_secret_post"
      ? oauth.ClientSecretPost(clientSecret)
      : oauth.ClientSecretBasic(clientSecret);
  return { definition, server, client: { client_id: clientId }, auth, tokenUrl, revocationUrl };
}

/** The URL the user is sent to for consent: code flow with PKCE S256 and the provider's extra parameters. */
export function authorizationUrl(
  provider: ProviderDefinition,
  input: { state: string; codeChallenge: string; redirectUri: string; scopes?: string[] },
): string {
  const { definition, server, client } = clientOf(provider);
  const url = new URL(server.authorization_endpoint ?? definition.authorizationUrl);
  const params = {
    ...definition.extraAuthorizationParams,
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: input.redirectUri,
    scope: (input.scopes ?? definition.scopes).join(" "),
    state: input.state,
    code_challenge: input.codeChallenge,
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Checks the callback (state, `error=`), redeems the code with PKCE; also returns the callback's query. */
export async function exchangeCode(
  provider: ProviderDefinition,
  input: { callbackUrl: string; expectedState: string; codeVerifier: string; redirectUri: string },
): Promise<{ tokens: TokenResponse; callbackParams: Record<string, string> }> {
  const { server, client, auth, tokenUrl } = clientOf(provider);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(server, client, new URL(input.callbackUrl), input.expectedState);
  } catch (error) {
    if (!(error instanceof oauth.AuthorizationResponseError)) {
      throw new AppError("BAD_REQUEST", `The ${provider.displayName} callback is invalid`, { cause: error });
    }
    const reason = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    const suggestion = `Connect again and approve access in ${provider.displayName}`;
    throw new AppError("BAD_REQUEST", `${provider.displayName} did not grant access (${reason})`, {
      details: [{ reason: error.error, suggestion }],
    });
  }
  const tokens = await tokenCall(
    provider,
    () =>
      oauth.authorizationCodeGrantRequest(
        server,
        client,
        auth,
        params,
        input.redirectUri,
        input.codeVerifier,
        requestOptions(tokenUrl),
      ),
    (response) => oauth.processAuthorizationCodeResponse(server, client, response).then(parseTokens),
  );
  const { code: _code, ...callbackParams } = Object.fromEntries(params);
  return { tokens, callbackParams };
}

/** Trades a refresh token for a new token set (the refresh token may rotate). */
export async function refresh(provider: ProviderDefinition, refreshToken: string): Promise<TokenResponse> {
  const { server, client, auth, tokenUrl } = clientOf(provider);
  return tokenCall(
    provider,
    () => oauth.refreshTokenGrantRequest(server, client, auth, refreshToken, requestOptions(tokenUrl)),
    (response) => oauth.processRefreshTokenResponse(server, client, response).then(parseTokens),
  );
}

/** Revokes a token (RFC 7009) where the provider has a revocation endpoint; false when it has none. */
export async function revoke(provider: ProviderDefinition, token: string): Promise<boolean> {
  const { server, client, auth, revocationUrl } = clientOf(provider);
  if (!revocationUrl) return false;
  await tokenCall(
    provider,
    () => oauth.revocationRequest(server, client, auth, token, requestOptions(revocationUrl)),
    oauth.processRevocationResponse,
  );
  return true;
}
