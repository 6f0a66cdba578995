import { spawnSync } from "node:child_process";
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
    const result = loadEnv({ NODE_ENV: "production" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("BETTER_AUTH_SECRET");
  });

  it("development starts with no variables at all", () => {
    expect(loadEnv({}).status).toBe(0);
  });
});
