import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "true" || value === "1"));

const isProduction = process.env.NODE_ENV === "production";
const devSecret = "plugboard-development-secret-change-me-0123456789";

/**
 * The one place that reads process.env. Imported by next.config.ts so a bad environment fails the
 * build and every start with a readable message. Every variable is documented in .env.example.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Unset: a folder in the user's data directory, outside the project (server/db/data-dir.ts). */
    PGLITE_DIR: z.string().min(1).optional(),
    /**
     * Per-connection limits on PostgreSQL (milliseconds; 0 turns one off): the longest statement, the
     * longest wait for a lock (a locked table answers 503 "busy, retry" instead of holding the pool),
     * and the longest a transaction may sit idle before the server ends the session.
     */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).default(1_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
    /** How long GET /api/health waits for the database before answering 503. */
    HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
    SEED_DEMO: flag(true),
    RUN_WORKER: flag(true),
    BETTER_AUTH_SECRET: isProduction
      ? z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)")
      : z.string().min(32).default(devSecret),
    // In development the default follows the port `next dev` listens on (PORT), so links and webhook URLs match it.
    BETTER_AUTH_URL: z.url().default(`http://localhost:${isProduction ? 3000 : (process.env.PORT ?? 3000)}`),
    TRUSTED_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    /** Reverse proxies in front of the app that append the client's address to X-Forwarded-For (0: none, trust no header). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    PLATFORM_ADMINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      ),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).default("Plugboard <no-reply@plugboard.local>"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * Overrides of the registry's provider limits, e.g. `stripe.perTenant=120/60,xero.concurrentPerTenant=5`
     * (requests/seconds for perTenant and appWide; a count for concurrentPerTenant and daily).
     */
    PROVIDER_RATE_LIMITS: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const overrides: Record<string, Record<string, string>> = {};
        for (const entry of value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)) {
          const match = /^([a-z0-9_]+)\.(perTenant|appWide|concurrentPerTenant|daily)=(\d+(?:\/\d+)?)$/.exec(
            entry,
          );
          const [, provider = "", kind = "", limit = ""] = match ?? [];
          const needsRate = kind === "perTenant" || kind === "appWide";
          if (!match || needsRate !== limit.includes("/")) {
            ctx.addIssue({
              code: "custom",
              message: `"${entry}" is not provider.perTenant=N/S, provider.appWide=N/S, provider.concurrentPerTenant=N or provider.daily=N`,
            });
            continue;
          }
          overrides[provider] = { ...overrides[provider], [kind]: limit };
        }
        return overrides;
      }),
    /** Timeout of one provider HTTP request (seconds). */
    PROVIDER_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(15),
    /** Push retries: attempts before a sync is marked failed, and the first backoff step in seconds. */
    /**
     * Invoices pushed at once per tenant and provider. Calls are paced by the provider budget anyway; a
     * small number finishes invoices in order instead of all of them late.
     */
    PUSH_CONCURRENCY_PER_TENANT: z.coerce.number().int().min(1).max(50).default(2),
    SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    SYNC_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(600).default(5),
    /** Circuit breaker per integration: consecutive failures that open it, and seconds until half-open. */
    BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
    BREAKER_OPEN_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    NEXT_PHASE: z.string().optional(),
    ENCRYPTION_KEYS: z
      .string({
        error:
          "not set: run `npm run dev` once to generate a development key into .env, or set it (see .env.example)",
      })
      .transform((value, ctx) => {
        const ring: { id: string; key: Buffer }[] = [];
        for (const entry of value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)) {
          const [id, encoded] = entry.split(":");
          const key = Buffer.from(encoded ?? "", "base64");
          if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
            ctx.addIssue({
              code: "custom",
              message: `entry "${id ?? ""}:…" must be <id>:<base64 of 32 random bytes> (openssl rand -base64 32)`,
            });
            return z.NEVER;
          }
          if (ring.some((existing) => existing.id === id)) {
            ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice` });
            return z.NEVER;
          }
          ring.push({ id, key });
        }
        if (!ring.length) ctx.addIssue({ code: "custom", message: "no keys" });
        return ring;
      }),
    ENCRYPTION_KEY_CURRENT: z.string().min(1).optional(),
    ALLOW_PRIVATE_WEBHOOK_TARGETS: flag(false),
    WEBHOOK_RATE_PER_SECOND: z.coerce.number().positive().default(50),
    WEBHOOK_BURST: z.coerce.number().int().min(1).default(200),
    /** Per-integration budget of webhook deliveries that fail verification (kept apart from the real one). */
    WEBHOOK_UNVERIFIED_RATE_PER_SECOND: z.coerce.number().positive().default(2),
    WEBHOOK_UNVERIFIED_BURST: z.coerce.number().int().min(1).default(20),
    /**
     * App-level inbound webhook secrets, for providers that send one stream for every connected account
     * (POST /api/webhooks/<provider>). Unset: that route refuses deliveries; it never skips verification.
     */
    XERO_WEBHOOK_KEY: z.string().min(1).optional(),
    STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: z.string().min(1).optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  createFinalSchema: (shape) =>
    z.object(shape).superRefine((values, ctx) => {
      const ring = values.ENCRYPTION_KEYS as { id: string }[] | undefined;
      const current = values.ENCRYPTION_KEY_CURRENT as string | undefined;
      if (ring && current && !ring.some((entry) => entry.id === current)) {
        ctx.addIssue({
          code: "custom",
          path: ["ENCRYPTION_KEY_CURRENT"],
          message: `"${current}" is not an id in ENCRYPTION_KEYS`,
        });
      }
    }),
  onValidationError: (issues) => {
    const lines = issues.map((issue) => `  - ${issue.path?.join(".") ?? "?"}: ${issue.message}`);
    throw new Error(`Invalid environment variables (see .env.example):\n${lines.join("\n")}`);
  },
});

export const isEmbeddedDatabase = () => !env.DATABASE_URL;

const providerSettingName =
  /^[A-Z][A-Z0-9_]*_(API_BASE|AUTHORIZATION_URL|TOKEN_URL|REVOCATION_URL|CLIENT_ID|CLIENT_SECRET)$/;

/**
 * Per-provider overrides (`<PREFIX>_API_BASE`, OAuth endpoints, client id/secret), collected and
 * validated once so sandboxes and tests can point any provider elsewhere.
 */
export const providerSettings: Readonly<Record<string, string>> = (() => {
  const settings: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(process.env)) {
    const match = providerSettingName.exec(name);
    if (!match || !value) continue;
    if (match[1]?.endsWith("_URL") || match[1] === "API_BASE") {
      if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
        problems.push(`  - ${name}: must be an http(s) URL`);
    }
    settings[name] = value;
  }
  if (problems.length)
    throw new Error(`Invalid environment variables (see .env.example):\n${problems.join("\n")}`);
  return settings;
})();
