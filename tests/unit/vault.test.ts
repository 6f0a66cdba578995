import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, open, seal, VaultError } from "@/server/vault/envelope";
import type { KeyRing } from "@/server/vault/keyring";

const ring = (currentId: string, ...ids: string[]): KeyRing => ({
  currentId,
  keys: new Map(ids.map((id) => [id, randomBytes(32)])),
});
const context = { tenantId: "tenant-1", rowId: "row-1", purpose: "integration.credentials" };

describe("vault envelope (AES-256-GCM)", () => {
  const keys = ring("k2", "k1", "k2");

  it("round-trips and names the key it used", () => {
    const sealed = seal("sk_test_secret", context, keys);
    expect(sealed.startsWith("pbv1:k2:")).toBe(true);
    expect(keyIdOf(sealed)).toBe("k2");
    expect(sealed).not.toContain("sk_test_secret");
    expect(open(sealed, context, keys)).toBe("sk_test_secret");
  });

  it("uses a fresh nonce every time", () => {
    expect(seal("same", context, keys)).not.toBe(seal("same", context, keys));
  });

  it("fails when any byte of the ciphertext, nonce or tag is tampered with", () => {
    const sealed = seal("sk_test_secret", context, keys);
    const parts = sealed.split(":");
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index] ?? "", "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      const tampered = parts.map((part, at) => (at === index ? bytes.toString("base64url") : part)).join(":");
      expect(() => open(tampered, context, keys)).toThrow(VaultError);
    }
  });

  it("fails for another tenant, row or purpose", () => {
    const sealed = seal("sk_test_secret", context, keys);
    expect(() => open(sealed, { ...context, tenantId: "tenant-2" }, keys)).toThrow(VaultError);
    expect(() => open(sealed, { ...context, rowId: "row-2" }, keys)).toThrow(VaultError);
    expect(() => open(sealed, { ...context, purpose: "integration.webhook_secret" }, keys)).toThrow(
      VaultError,
    );
  });

  it("opens values sealed under an older key in the ring, and refuses unknown keys", () => {
    const older = seal("v1", context, { ...keys, currentId: "k1" });
    expect(open(older, context, keys)).toBe("v1");
    expect(() => open(older, context, ring("k3", "k3"))).toThrow(/not in the ring/);
  });
});
