import { startOAuthServer } from "./oauth-server";
import { oauthTestClient } from "./oauth-test-client";
import { startXeroConnectionsServer } from "./providers/xero-connections-server";

/**
 * Starts the OAuth test authorization server for the run and points the Xero provider at it. It must
 * run before any test imports lib/env: provider settings are read once.
 */
export default async function setup() {
  const server = await startOAuthServer();
  const xeroApi = await startXeroConnectionsServer();
  Object.assign(process.env, {
    OAUTH_TEST_ISSUER: server.issuer,
    XERO_AUTHORIZATION_URL: `${server.issuer}/auth`,
    XERO_TOKEN_URL: `${server.issuer}/token`,
    XERO_REVOCATION_URL: `${server.issuer}/token/revocation`,
    XERO_CLIENT_ID: oauthTestClient.clientId,
    XERO_CLIENT_SECRET: oauthTestClient.clientSecret,
    XERO_API_BASE: xeroApi.url,
  });
  return async () => {
    await xeroApi.close();
    await server.close();
  };
}
