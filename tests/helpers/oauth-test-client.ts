/** The client registered at the test authorization server (the tests' stand-in for Plugboard's Xero app). */
export const oauthTestClient = {
  clientId: "plugboard-test-client",
  clientSecret: "plugboard-test-client-secret-0123456789",
  redirectUri: "http://localhost:3000/api/oauth/xero/callback",
};

/** The scopes the test server knows: Xero's, so the registry's authorization URL works unchanged. */
export const oauthTestScopes = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "accounting.transactions",
  "accounting.contacts",
  "accounting.settings.read",
];
