import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";
import { ProviderError } from "./errors";

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::1", 128],
  ["::", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["::ffff:0:0", 96],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/**
 * Refuses tenant-supplied URLs that point at private, loopback or link-local addresses (SSRF),
 * unless ALLOW_PRIVATE_WEBHOOK_TARGETS is set for development and tests.
 */
export async function assertPublicTarget(url: URL) {
  if (!/^https?:$/.test(url.protocol))
    throw new ProviderError("invalid_request", "The URL must use http or https");
  if (env.ALLOW_PRIVATE_WEBHOOK_TARGETS) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => []);
  if (!addresses.length) throw new ProviderError("unavailable", `${url.hostname} does not resolve`);
  for (const { address, family } of addresses) {
    if (privateRanges.check(address, family === 6 ? "ipv6" : "ipv4")) {
      throw new ProviderError(
        "invalid_request",
        `${url.hostname} resolves to a private or loopback address, which is not allowed`,
      );
    }
  }
}
