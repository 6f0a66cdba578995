import { afterEach, describe, expect, it, vi } from "vitest";

/** Loads the origin rules under a given environment (lib/env reads process.env once, at import). */
async function originsUnder(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return import("@/server/auth/origins");
}

const request = (host: string, origin = `http://${host}`) =>
  new Request(`http://${host}/api/auth/sign-in/email`, { method: "POST", headers: { host, origin } });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("which origins may sign in", () => {
  it("in development, the port the dev server listens on, whatever it is", async () => {
    const { trustedOrigins } = await originsUnder({
      NODE_ENV: "development",
      PORT: "3100",
      BETTER_AUTH_URL: undefined,
      TRUSTED_ORIGINS: undefined,
    });
    const origins = trustedOrigins(request("localhost:3100"));
    expect(origins).toContain("http://localhost:3100");
    expect(origins).toContain("http://127.0.0.1:3100");
    expect(trustedOrigins(request("127.0.0.1:3001"))).toContain("http://127.0.0.1:3001");
    // Only loopback hosts are taken from the request.
    expect(trustedOrigins(request("evil.example:3100"))).not.toContain("http://evil.example:3100");
  });

  it("in development, links and webhook URLs default to that port too", async () => {
    await originsUnder({ NODE_ENV: "development", PORT: "3100", BETTER_AUTH_URL: undefined });
    const { env } = await import("@/lib/env");
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:3100");
  });

  it("in production, only BETTER_AUTH_URL and TRUSTED_ORIGINS, and a refusal names them", async () => {
    const { trustedOrigins, explainRefusedOrigin } = await originsUnder({
      NODE_ENV: "production",
      PORT: "3100",
      BETTER_AUTH_SECRET: "production-secret-0123456789abcdefghijklmnop",
      BETTER_AUTH_URL: "https://billing.example.com",
      TRUSTED_ORIGINS: "https://admin.example.com",
    });
    expect(trustedOrigins(request("localhost:3100"))).toEqual([
      "https://billing.example.com",
      "https://admin.example.com",
    ]);
    const refused = await explainRefusedOrigin(
      request("localhost:3100"),
      Response.json({ code: "INVALID_ORIGIN", message: "Invalid origin" }, { status: 403 }),
    );
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe("INVALID_ORIGIN");
    expect(body.message).toContain("http://localhost:3100 is not a trusted origin");
    expect(body.message).toContain("https://billing.example.com (BETTER_AUTH_URL)");
    expect(body.message).toContain("TRUSTED_ORIGINS (https://admin.example.com)");
  });
});
