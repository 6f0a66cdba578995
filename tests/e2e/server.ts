// Starts the app for the browser tests: a fresh database (PostgreSQL from TEST_DATABASE_URL or
// DATABASE_URL, else embedded PGlite), a production build (skipped with E2E_SKIP_BUILD=1 when
// .next is already built) and `next start`, seeded with the demo tenant.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { billComUser, stripeTestKey } from "../helpers/fixtures";
import { startMailbox } from "../helpers/mailbox";
import { startOAuthServer } from "../helpers/oauth-server";
import { oauthTestClient } from "../helpers/oauth-test-client";
import { startBillComServer } from "../helpers/providers/bill-com-server";
import { startStripeServer } from "../helpers/providers/stripe-server";
import { startXeroConnectionsServer } from "../helpers/providers/xero-connections-server";
import { createTestDatabase } from "../helpers/test-database";

const port = process.env.E2E_PORT ?? "3100";
const database = await createTestDatabase("e2e");
// Stripe stand-in validating requests against the official spec; the app's Stripe calls go there.
const stripe = await startStripeServer({ apiKeys: [stripeTestKey], hostedPages: true });
// Outgoing email (invitations, portal sign-in links) lands here; tests read it over HTTP.
const mailbox = await startMailbox(Number(process.env.E2E_MAILBOX_PORT ?? 3101));
const billCom = await startBillComServer([billComUser]);
// A real OAuth 2.0 authorization server (oidc-provider: PKCE, rotation) standing in for Xero's, and Xero's /connections.
const oauthServer = await startOAuthServer({
  redirectUris: [`http://localhost:${port}/api/oauth/xero/callback`],
});
const xeroApi = await startXeroConnectionsServer();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...database.env,
  NODE_ENV: "production",
  SEED_DEMO: "true",
  RUN_WORKER: "true",
  BETTER_AUTH_URL: `http://localhost:${port}`,
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "e2e-only-secret-0123456789abcdefghijklmnop",
  PLATFORM_ADMINS: "owner@acme.example",
  ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString("base64")}`,
  ENCRYPTION_KEY_CURRENT: "e2e",
  // As if behind one proxy: a spec that signs in many times stands for its own callers (its own
  // X-Forwarded-For), instead of all specs spending one address's sign-in and magic-link limits.
  TRUSTED_PROXY_HOPS: "1",
  STRIPE_API_BASE: stripe.url,
  SMTP_URL: mailbox.smtpUrl,
  BILL_COM_API_BASE: billCom.url,
  XERO_API_BASE: xeroApi.url,
  XERO_AUTHORIZATION_URL: `${oauthServer.issuer}/auth`,
  XERO_TOKEN_URL: `${oauthServer.issuer}/token`,
  XERO_REVOCATION_URL: `${oauthServer.issuer}/token/revocation`,
  XERO_CLIENT_ID: oauthTestClient.clientId,
  XERO_CLIENT_SECRET: oauthTestClient.clientSecret,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
if (!database.env.DATABASE_URL) delete env.DATABASE_URL;
console.log(`e2e server uses ${database.describe}`);

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn("npx", ["next", "start", "-p", port], { env, stdio: "inherit" });
const stop = async () => {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await database.drop().catch(() => {});
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
server.once("exit", async (code) => {
  await database.drop().catch(() => {});
  process.exit(code ?? 1);
});
