import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { registry } from "@/server/providers/registry";
import { localStripeKey, localStripeSigningSecret } from "../helpers/fixtures";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const stripeCredentials = registry.stripe.credentials;

describe("the README's local Stripe credentials", () => {
  it("documents the key and signing secret the stand-in uses", () => {
    expect(readme).toContain(`\`${localStripeKey}\``);
    expect(readme).toContain(localStripeSigningSecret);
    const keys = [...readme.matchAll(/\b(?:sk|rk)_(?:test|live)_[^`\s…]+(?=`|\s)/g)].map((match) => match[0]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toBe(localStripeKey);
  });

  it("are accepted by the Stripe connect form", () => {
    const parsed = stripeCredentials.safeParse({
      secretKey: localStripeKey,
      webhookSigningSecret: localStripeSigningSecret,
    });
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.success).toBe(true);
  });

  it("says what is wrong with a key that has an underscore after the prefix", () => {
    const parsed = stripeCredentials.safeParse({ secretKey: "sk_test_local_plugboard_000000000000" });
    expect(parsed.success).toBe(false);
    const message = parsed.error?.issues.find((issue) => issue.path[0] === "secretKey")?.message ?? "";
    expect(message).toMatch(/followed by letters and digits/);
    expect(message).not.toMatch(/^Must start with/);
  });
});
