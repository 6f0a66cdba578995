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
    PGLITE_DIR: z.string().min(1).default("./.data/pglite"),
    SEED_DEMO: flag(true),
    RUN_WORKER: flag(true),
    BETTER_AUTH_SECRET: isProduction
      ? z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)")
      : z.string().min(32).default(devSecret),
    BETTER_AUTH_URL: z.url().default("http://localhost:3000"),
    TRUSTED_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
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
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    NEXT_PHASE: z.string().optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((issue) => `  - ${issue.path?.join(".") ?? "?"}: ${issue.message}`);
    throw new Error(`Invalid environment variables (see .env.example):\n${lines.join("\n")}`);
  },
});

export const isEmbeddedDatabase = () => !env.DATABASE_URL;
