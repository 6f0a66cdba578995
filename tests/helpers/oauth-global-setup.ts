import { startOAuthServer } from "./oauth-server";
import { oauthTestClient } from "./oauth-test-client";

/**
 * Starts the OAuth test authorization server for the run and points the Xero provider at it. It must
 * run before any test imports lib/env: provider settings are read once.
 */
export default async function setup() {
  const server = await startOAuthServer();
  Object.assign(process.env, {
    OAUTH_TEST_ISSUER: server.issuer,
    XERO_AUTHORIZATION_URL: `${server.issuer}/auth`,
    XERO_TOKEN_URL: `${server.issuer}/token`,
    XERO_REVOCATION_URL: `${server.issuer}/token/revocation`,
    XERO_CLIENT_ID: oauthTestClient.clientId,
    XERO_CLIENT_SECRET: oauthTestClient.clientSecret,
  });
  return () => server.close();
}
