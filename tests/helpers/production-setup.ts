import { randomBytes } from "node:crypto";
import { startMailbox } from "./mailbox";
import { createTestDatabase } from "./test-database";

/**
 * The security suite runs with production settings: NODE_ENV=production, private webhook targets
 * refused, no trusted proxy, rate limits on, mail through a real SMTP server. Nothing here is a
 * development convenience; a test that needs a local target starts its own server on 127.0.0.1 and
 * expects the guard to refuse it.
 */
export default async function setup() {
  const database = await createTestDatabase("security");
  const mailbox = await startMailbox(0);
  for (const name of ["ALLOW_PRIVATE_WEBHOOK_TARGETS", "TRUSTED_PROXY_HOPS", "SMTP_URL", "PLATFORM_ADMINS"])
    delete process.env[name];
  Object.assign(process.env, database.env, {
    NODE_ENV: "production",
    SEED_DEMO: "false",
    RUN_WORKER: "false",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    BETTER_AUTH_URL: "http://localhost:3000",
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEYS: `prod:${randomBytes(32).toString("base64")}`,
    ENCRYPTION_KEY_CURRENT: "prod",
    SMTP_URL: mailbox.smtpUrl,
    MAILBOX_URL: mailbox.url,
  });
  const { closeDatabase } = await import("@/server/db/client");
  const { prepareDatabase } = await import("@/server/boot");
  await prepareDatabase();
  await closeDatabase();
  console.log(`security tests use ${database.describe}, production settings`);
  return async () => {
    await mailbox.close();
    await database.drop();
  };
}
