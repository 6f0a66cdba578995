import { describe, expect, it } from "vitest";
import { clientAddressOf } from "@/server/http/client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the caller's address behind reverse proxies", () => {
  it("takes the entry the trusted proxy appended, never the caller's own claim on the left", () => {
    const forwarded = headers({ "x-forwarded-for": "203.0.113.66, 198.51.100.7" });
    expect(clientAddressOf(forwarded, 1)).toBe("198.51.100.7");
    expect(clientAddressOf(headers({ "x-forwarded-for": "203.0.113.66, 198.51.100.7, 10.0.0.2" }), 2)).toBe(
      "198.51.100.7",
    );
  });

  it("uses the right-most entry without a proxy, and X-Real-IP when there is no list", () => {
    expect(clientAddressOf(headers({ "x-forwarded-for": "198.51.100.7" }), 0)).toBe("198.51.100.7");
    expect(clientAddressOf(headers({ "x-real-ip": " 198.51.100.9 " }), 1)).toBe("198.51.100.9");
    expect(clientAddressOf(headers({}), 1)).toBeNull();
  });

  it("does not run off the left end when fewer entries than proxies arrive", () => {
    expect(clientAddressOf(headers({ "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
  });
});
