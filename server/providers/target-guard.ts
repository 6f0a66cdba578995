import { lookup as systemLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { ProviderError } from "./errors";

/** One address a host name resolved to. */
export type ResolvedAddress = { address: string; family: 4 | 6 };

/**
 * How host names become addresses for tenant-supplied targets: the system resolver. Every check and
 * every connection to a tenant target asks through this object, so tests can play DNS (rebinding
 * included) by replacing `resolve`.
 */
export const hostResolver = {
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const answers = await systemLookup(hostname, { all: true, verbatim: true });
    return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  },
};

/** IPv6 global unicast (RFC 4291 §2.4): the only IPv6 space assigned for public hosts. */
const globalUnicast = ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number];
/** Deprecated IPv4-compatible addresses (RFC 4291 §2.5.5.1): `::a.b.c.d`. */
const ipv4Compatible = ipaddr.parseCIDR("::/96") as [ipaddr.IPv6, number];

/**
 * The special-purpose range an IP address belongs to, as ipaddr.js classifies it (IANA's special
 * registries), or "unicast" for an ordinary public address. IPv4-mapped IPv6 addresses are judged by
 * the IPv4 address they carry; IPv6 outside 2000::/3 (IPv4-compatible, NAT64, discard, unassigned) is
 * never public.
 */
export function rangeOf(address: string): string {
  if (!isIP(address)) return "invalid";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return (parsed as ipaddr.IPv4).range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return rangeOf(v6.toIPv4Address().toString());
  const range = v6.range();
  if (range !== "unicast") return range;
  if (v6.match(ipv4Compatible)) return "ipv4Compatible";
  return v6.match(globalUnicast) ? "unicast" : "reserved";
}

/** Whether a tenant target may be reached at this address: ordinary public unicast only. */
export const isPublicAddress = (address: string) => rangeOf(address) === "unicast";

/** The classified reason a target on a non-public address is refused; the same for every such address. */
export const privateTargetReason = "resolves to a private address";

/**
 * Resolves a tenant-supplied host once and checks every address it resolves to: if any is loopback,
 * private, link-local, CGNAT, NAT64, multicast, reserved or otherwise not public, the target is
 * refused (unless ALLOW_PRIVATE_WEBHOOK_TARGETS is set for development and tests). Connections then
 * use the addresses returned here and nothing else.
 */
export async function resolveTarget(hostname: string): Promise<ResolvedAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  const addresses: ResolvedAddress[] = family
    ? [{ address: host, family: family === 6 ? 6 : 4 }]
    : await hostResolver.resolve(host).catch(() => []);
  if (!addresses.length) throw new ProviderError("unavailable", "does not resolve");
  if (!env.ALLOW_PRIVATE_WEBHOOK_TARGETS && !addresses.every(({ address }) => isPublicAddress(address))) {
    throw new ProviderError("forbidden_target", privateTargetReason);
  }
  return addresses;
}

/** Refuses a tenant-supplied URL that is not http(s) or does not resolve to public addresses only. */
export async function assertPublicTarget(url: URL): Promise<ResolvedAddress[]> {
  if (!/^https?:$/.test(url.protocol))
    throw new ProviderError("invalid_request", "The URL must use http or https");
  return resolveTarget(url.hostname);
}

/**
 * A socket `lookup` for connections to tenant targets. The pinned host answers with the addresses
 * already checked for it (no second resolution DNS rebinding could swap); any other host name (an S3
 * bucket subdomain, say) is resolved once and checked here, for this connection. Sockets connect only
 * to addresses this function returns. IP literals never reach a lookup: check them before connecting.
 */
export function guardedLookup(pinned?: { hostname: string; addresses: ResolvedAddress[] }): LookupFunction {
  const pinnedHost = pinned?.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (hostname, options, callback) => {
    const resolved =
      pinned && hostname.toLowerCase() === pinnedHost
        ? Promise.resolve(pinned.addresses)
        : resolveTarget(hostname);
    resolved.then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted ? addresses.filter((entry) => entry.family === wanted) : addresses;
        const [first] = usable;
        if (!first) {
          callback(new ProviderError("unavailable", "does not resolve"), "", 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: ProviderError) => callback(error, "", 0),
    );
  };
}
