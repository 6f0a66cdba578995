import { randomBytes } from "node:crypto";
import { stripeOtherAccountKey, stripeTestKey } from "./fixtures";
import { startStripeServer } from "./providers/stripe-server";
import { createTestDatabase } from "./test-database";

/** Creates this run's database, points the environment at it and applies the migrations. */
export default async function setup() {
  const database = await createTestDatabase("test");
  // A Stripe stand-in validating every request against the official spec, for service-level tests.
  const stripe = await startStripeServer({ apiKeys: [stripeTestKey, stripeOtherAccountKey] });
  Object.assign(process.env, database.env, {
    NODE_ENV: "test",
    SEED_DEMO: "false",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    BETTER_AUTH_URL: "http://localhost:3000",
    PLATFORM_ADMINS: "root@platform.example",
    // As behind one reverse proxy: tests name the caller's address in X-Forwarded-For (per-caller
    // throttles, audit IP). The default (0, no proxy) is proven by the security suite.
    TRUSTED_PROXY_HOPS: "1",
    // A two-key ring: "old" still decrypts, "current" encrypts; rotation tests move rows between them.
    ENCRYPTION_KEYS: `old:${randomBytes(32).toString("base64")},current:${randomBytes(32).toString("base64")}`,
    ENCRYPTION_KEY_CURRENT: "current",
    // Local provider stand-ins listen on 127.0.0.1.
    ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    STRIPE_API_BASE: stripe.url,
    // The duplicate storm sends 1,000 deliveries at once to one integration.
    WEBHOOK_BURST: "5000",
  });
  delete process.env.SMTP_URL;
  // The same start-up path as the server: migrations, then the provider registry seeded.
  const { closeDatabase } = await import("@/server/db/client");
  const { prepareDatabase } = await import("@/server/boot");
  await prepareDatabase();
  await closeDatabase();
  console.log(`integration tests use ${database.describe}`);
  return async () => {
    if (stripe.validationFailures.length)
      console.error("Stripe requests that broke the spec:", stripe.validationFailures);
    await stripe.close();
    await database.drop();
  };
}
