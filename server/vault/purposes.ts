/** Every sealed column: its table, column and the purpose bound into its ciphertexts' AAD. */
export const sealedColumns = [
  { table: "integrations", column: "credentials", purpose: "integration.credentials" },
  { table: "integrations", column: "webhook_secret", purpose: "integration.webhook_secret" },
  { table: "oauth_states", column: "code_verifier", purpose: "oauth_state.verifier" },
] as const;

export const credentialsPurpose = sealedColumns[0].purpose;
export const webhookSecretPurpose = sealedColumns[1].purpose;
export const oauthVerifierPurpose = sealedColumns[2].purpose;
