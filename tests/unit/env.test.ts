import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

const loadEnv = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", "-e", "await import('./lib/env.ts')"], {
    env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });

describe("environment validation", () => {
  it("a bad variable fails fast with a readable message", () => {
    const result = loadEnv({ DATABASE_URL: "mysql://nope", SMTP_URL: "not a url" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Invalid environment variables");
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("SMTP_URL");
  });

  it("production requires a real auth secret", () => {
    const result = loadEnv({
      NODE_ENV: "production",
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("BETTER_AUTH_SECRET");
  });

  it("a missing or malformed encryption key ring fails with a readable message", () => {
    expect(loadEnv({}).stderr).toContain("ENCRYPTION_KEYS: not set");
    expect(loadEnv({ ENCRYPTION_KEYS: "k1:dG9vLXNob3J0" }).stderr).toMatch(/32 random bytes/);
    const ring = `k1:${randomBytes(32).toString("base64")}`;
    expect(loadEnv({ ENCRYPTION_KEYS: ring, ENCRYPTION_KEY_CURRENT: "k2" }).stderr).toContain(
      '"k2" is not an id',
    );
  });

  it("development starts with only a key ring", () => {
    expect(loadEnv({ ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}` }).status).toBe(0);
  });
});
