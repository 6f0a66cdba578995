import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";

// The rest of this suite proves its doors closed under these settings; if they drift, it proves nothing.
describe("the security suite runs with production settings", () => {
  it("has no development conveniences", () => {
    expect(env.NODE_ENV).toBe("production");
    expect(env.ALLOW_PRIVATE_WEBHOOK_TARGETS).toBe(false);
    expect(env.SMTP_URL).toMatch(/^smtp:\/\//);
    expect(process.env.TRUSTED_PROXY_HOPS).toBeUndefined();
  });
});
