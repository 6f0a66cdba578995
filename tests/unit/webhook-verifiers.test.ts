import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { signatureSchemes } from "@/server/providers/types";
import {
  crc32,
  crc32ByTable,
  epochHeader,
  latest,
  parseJson,
  pick,
  safeEqual,
  text,
  toDate,
  withinWindow,
} from "@/server/webhooks/inbound/verify/hmac";
import { hubspotSignedUri } from "@/server/webhooks/inbound/verify/hubspot";
import { verifierFor, verifiers } from "@/server/webhooks/inbound/verify/index";
import type { InboundRequest } from "@/server/webhooks/inbound/verify/types";

const request: InboundRequest = {
  method: "POST",
  url: "https://plugboard.example/api/webhooks/any/int_1",
  headers: new Headers({ "content-type": "application/json" }),
  rawBody: "{}",
  receivedAt: new Date(),
};

describe("webhook verifier registry", () => {
  it("has a verifier for every scheme except none", () => {
    const schemes = signatureSchemes.filter((scheme) => scheme !== "none");
    expect(Object.keys(verifiers).sort()).toEqual([...schemes].sort());
    for (const scheme of schemes) expect(verifierFor(scheme)).toBe(verifiers[scheme]);
    expect(verifierFor("none")).toBeNull();
  });

  it("refuses every scheme when no secret is configured, before looking at the request", async () => {
    for (const verify of Object.values(verifiers)) {
      await expect(verify(request, { secret: "" })).resolves.toEqual({
        ok: false,
        reason: "no signing secret configured",
      });
    }
  });

  it("answers instead of throwing on a request with no headers at all", async () => {
    for (const verify of Object.values(verifiers)) {
      const result = await verify({ ...request, headers: new Headers() }, { secret: "s3cret" });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^missing /);
    }
  });
});

describe("shared verification pieces", () => {
  it("compares signatures in constant time, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "a")).toBe(false);
  });

  it("computes CRC-32 (IEEE) by zlib and by table, matching the standard check value", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32ByTable(Buffer.from("123456789"))).toBe(0xcbf43926);
    const body = JSON.stringify({ id: "WH-1", note: "héllo ✓", amount: 42.5 });
    expect(crc32ByTable(Buffer.from(body))).toBe(zlib.crc32(Buffer.from(body)) >>> 0);
    expect(crc32("")).toBe(0);
  });

  it("applies the timestamp window in both directions", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const fiveMinutes = 300_000;
    expect(withinWindow(new Date(now.getTime() - fiveMinutes), now, fiveMinutes)).toBe(true);
    expect(withinWindow(new Date(now.getTime() - fiveMinutes - 1), now, fiveMinutes)).toBe(false);
    expect(withinWindow(new Date(now.getTime() + fiveMinutes + 1), now, fiveMinutes)).toBe(false);
    expect(withinWindow(null, now, fiveMinutes)).toBe(false);
    expect(withinWindow(new Date("garbage"), now, fiveMinutes)).toBe(false);
  });

  it("parses epoch headers strictly", () => {
    expect(epochHeader("1700000000", "s")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(epochHeader("1700000000000", "ms")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(epochHeader("17e8", "s")).toBeNull();
    expect(epochHeader("-1", "s")).toBeNull();
  });

  it("reads JSON fields defensively", () => {
    const body = parseJson('{"a":[{"b":7}],"c":""}');
    expect(body.ok).toBe(true);
    const value = body.ok ? body.value : null;
    expect(text(pick(value, "a", 0, "b"))).toBe("7");
    expect(text(pick(value, "c"))).toBeNull();
    expect(pick(value, "a", 5, "b")).toBeUndefined();
    expect(parseJson("{nope").ok).toBe(false);
    expect(toDate("2026-01-01T00:00:00Z")?.getTime()).toBe(Date.UTC(2026, 0, 1));
    expect(toDate("not a date")).toBeNull();
    expect(latest([null, new Date(1), new Date(3), new Date(2)])?.getTime()).toBe(3);
  });

  it("decodes only HubSpot's listed percent-encodings in the signed URI", () => {
    const url = "https://x.example/hook?next=a%3Ab%2Cc%3bd&name=J%C3%BCrgen%20S%2Bn";
    expect(hubspotSignedUri(url)).toBe("https://x.example/hook?next=a:b,c;d&name=J%C3%BCrgen%20S%2Bn");
  });
});
