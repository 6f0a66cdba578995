import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { clientAddressOf } from "@/server/http/client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the caller's address behind reverse proxies", () => {
  it("trusts no forwarding header unless a proxy is declared (the default)", () => {
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    const claimed = headers({ "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.9" });
    expect(clientAddressOf(claimed)).toBeNull();
    expect(clientAddressOf(claimed, 0)).toBeNull();
    expect(clientAddressOf(claimed, 0, "192.0.2.10")).toBe("192.0.2.10");
  });

  it("takes the entry the trusted proxy appended, never the caller's own claim on the left", () => {
    const forwarded = headers({ "x-forwarded-for": "203.0.113.66, 198.51.100.7" });
    expect(clientAddressOf(forwarded, 1)).toBe("198.51.100.7");
    expect(clientAddressOf(headers({ "x-forwarded-for": "203.0.113.66, 198.51.100.7, 10.0.0.2" }), 2)).toBe(
      "198.51.100.7",
    );
  });

  it("uses X-Real-IP behind a proxy when there is no list, and null when neither is there", () => {
    expect(clientAddressOf(headers({ "x-real-ip": " 198.51.100.9 " }), 1)).toBe("198.51.100.9");
    expect(clientAddressOf(headers({}), 1)).toBeNull();
  });

  it("does not run off the left end when fewer entries than proxies arrive", () => {
    expect(clientAddressOf(headers({ "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
  });
});
