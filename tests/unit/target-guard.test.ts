import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { networkFailure, ProviderError } from "@/server/providers/errors";
import {
  assertPublicTarget,
  guardedLookup,
  hostResolver,
  isPublicAddress,
  type ResolvedAddress,
  rangeOf,
} from "@/server/providers/target-guard";

/** Pure address classification: no network, the resolver is replaced where a name is involved. */
const publicAddresses = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4009:81f::200e"];

const refused: [string, string][] = [
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "this network (0/8)"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.1", "private (10/8)"],
  ["172.16.0.1", "private (172.16/12)"],
  ["172.31.255.255", "private (172.16/12)"],
  ["192.168.1.1", "private (192.168/16)"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["100.64.0.1", "CGNAT"],
  ["100.127.255.254", "CGNAT"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved (240/4)"],
  ["255.255.255.255", "broadcast"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.2.1", "documentation (TEST-NET-1)"],
  ["198.51.100.7", "documentation (TEST-NET-2)"],
  ["203.0.113.9", "documentation (TEST-NET-3)"],
  ["198.18.0.1", "benchmarking"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["fc00::1", "unique local"],
  ["fd12:3456:789a::1", "unique local"],
  ["fe80::1", "link-local"],
  ["fec0::1", "site-local (deprecated)"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:10.1.2.3", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped link-local"],
  ["::7f00:1", "IPv4-compatible"],
  ["::ffff:0:7f00:1", "IPv4-translated (RFC 6145)"],
  ["64:ff9b::7f00:1", "NAT64 (64:ff9b::/96)"],
  ["64:ff9b::808:808", "NAT64 of a public address"],
  ["64:ff9b:1::a00:1", "local-use NAT64 (64:ff9b:1::/48)"],
  ["2002:7f00:1::1", "6to4"],
  ["2002:0a00:0001::1", "6to4 of a private address"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation (RFC 9637)"],
  ["2001:2::1", "benchmarking"],
  ["100::1", "discard"],
  ["5f00::1", "segment routing"],
  ["4000::1", "outside global unicast"],
];

describe("the target guard's address classification", () => {
  it.each(publicAddresses)("accepts the public address %s", (address) => {
    expect(rangeOf(address)).toBe("unicast");
    expect(isPublicAddress(address)).toBe(true);
  });

  it("judges an IPv4-mapped address by the IPv4 address it carries", () => {
    expect(isPublicAddress("::ffff:8.8.8.8")).toBe(true);
    expect(isPublicAddress("::ffff:127.0.0.1")).toBe(false);
  });

  it.each(refused)("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it("refuses what is not an address at all", () => {
    expect(isPublicAddress("localhost")).toBe(false);
    expect(isPublicAddress("")).toBe(false);
  });
});

describe("assertPublicTarget", () => {
  afterEach(() => vi.restoreAllMocks());
  const resolveTo = (...addresses: string[]) =>
    vi
      .spyOn(hostResolver, "resolve")
      .mockResolvedValue(
        addresses.map((address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
      );
  const refusal = async (url: string) => {
    const error = await assertPublicTarget(new URL(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  };

  it("accepts public IPv4 and IPv6 literals without resolving anything", async () => {
    expect(env.ALLOW_PRIVATE_WEBHOOK_TARGETS).toBe(false);
    const resolve = resolveTo("127.0.0.1");
    await expect(assertPublicTarget(new URL("https://8.8.8.8/hook"))).resolves.toEqual([
      { address: "8.8.8.8", family: 4 },
    ]);
    await expect(assertPublicTarget(new URL("https://1.1.1.1/hook"))).resolves.toHaveLength(1);
    await expect(assertPublicTarget(new URL("https://[2606:4700:4700::1111]/hook"))).resolves.toEqual([
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("accepts a name that resolves to public addresses only", async () => {
    resolveTo("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    await expect(assertPublicTarget(new URL("https://hooks.example.com/x"))).resolves.toHaveLength(2);
  });

  it.each([
    "http://127.0.0.1:5432/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://[64:ff9b::a9fe:a9fe]/",
  ])("refuses %s with the classified reason", async (url) => {
    const error = await refusal(url);
    expect(error).toMatchObject({ type: "forbidden_target", message: "resolves to a private address" });
  });

  it("refuses a name when any one of its addresses is private", async () => {
    resolveTo("93.184.215.14", "10.0.0.5");
    expect(await refusal("https://mixed.example.com/")).toMatchObject({ type: "forbidden_target" });
  });

  it("reports a name that does not resolve, and a non-http scheme", async () => {
    vi.spyOn(hostResolver, "resolve").mockRejectedValue(Object.assign(new Error("x"), { code: "ENOTFOUND" }));
    expect(await refusal("https://nowhere.example.com/")).toMatchObject({
      type: "unavailable",
      message: "does not resolve",
    });
    expect(await refusal("file:///etc/passwd")).toMatchObject({ type: "invalid_request" });
  });
});

describe("guardedLookup", () => {
  afterEach(() => vi.restoreAllMocks());
  const lookUp = (lookup: ReturnType<typeof guardedLookup>, hostname: string, all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      lookup(hostname, { all }, (error, address, family) =>
        error ? reject(error) : resolve(all ? address : { address, family }),
      ),
    );

  it("answers the pinned host from the pin, never asking DNS again", async () => {
    const resolve = vi
      .spyOn(hostResolver, "resolve")
      .mockResolvedValue([{ address: "127.0.0.1", family: 4 }]);
    const lookup = guardedLookup({
      hostname: "hooks.example.com",
      addresses: [{ address: "8.8.8.8", family: 4 }],
    });
    await expect(lookUp(lookup, "hooks.example.com", false)).resolves.toEqual({
      address: "8.8.8.8",
      family: 4,
    });
    await expect(lookUp(lookup, "HOOKS.example.com", true)).resolves.toEqual([
      { address: "8.8.8.8", family: 4 },
    ]);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("resolves and checks any other host for each connection", async () => {
    vi.spyOn(hostResolver, "resolve").mockResolvedValueOnce([{ address: "1.1.1.1", family: 4 }]);
    const lookup = guardedLookup();
    await expect(lookUp(lookup, "bucket.s3.example.com", true)).resolves.toEqual([
      { address: "1.1.1.1", family: 4 },
    ]);
    vi.spyOn(hostResolver, "resolve").mockResolvedValueOnce([{ address: "192.168.0.10", family: 4 }]);
    await expect(lookUp(lookup, "bucket.s3.example.com", true)).rejects.toMatchObject({
      type: "forbidden_target",
    });
  });
});

describe("networkFailure", () => {
  const withCode = (code: string) =>
    Object.assign(new Error(`connect ${code} 10.0.0.7:6379 banner`), { code });
  const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

  it.each([
    [fetchFailed(withCode("ECONNREFUSED")), "connection refused", true],
    [
      fetchFailed(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")])),
      "connection refused",
      true,
    ],
    [new DOMException("The operation was aborted due to timeout", "TimeoutError"), "timed out", true],
    [fetchFailed(withCode("UND_ERR_CONNECT_TIMEOUT")), "timed out", true],
    [fetchFailed(withCode("ECONNRESET")), "connection reset", true],
    [fetchFailed(withCode("ENOTFOUND")), "does not resolve", true],
    [fetchFailed(withCode("EHOSTUNREACH")), "host unreachable", true],
    [fetchFailed(withCode("ERR_TLS_CERT_ALTNAME_INVALID")), "TLS handshake failed", false],
    [fetchFailed(withCode("DEPTH_ZERO_SELF_SIGNED_CERT")), "TLS handshake failed", false],
    [fetchFailed(new Error("HTTP/1.1 200 OK banner from an internal service")), "network error", true],
  ])("classifies %s as %s, never repeating its text", (error, reason, retryable) => {
    const classified = networkFailure(error);
    expect(classified).toMatchObject({ type: "unavailable", message: reason, retryable });
  });

  it("lets the guard's own refusal through unchanged", () => {
    const refusal = new ProviderError("forbidden_target", "resolves to a private address");
    expect(networkFailure(fetchFailed(refusal))).toBe(refusal);
  });
});
