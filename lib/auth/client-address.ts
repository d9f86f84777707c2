// Which address a request came from, for the sign-in rate limit. Pure. The socket peer is the truth; a forwarding
// header is believed only when that peer is a proxy the operator named in TRUSTED_PROXIES, and then only as far
// as the chain of trusted hops reaches: X-Forwarded-For is read from the right, each trusted hop is skipped, and
// the first address that is not a trusted proxy is the client's (as Express's `trust proxy` does). Anything to the
// left of it was written by the client and is ignored.
import { BlockList, isIP } from "node:net";
import { normalizeAddress, trustedProxyEntryProblem } from "@/lib/config";

export { normalizeAddress, trustedProxyEntryProblem };

export interface TrustedProxies {
  /** Whether this address is one of the operator's proxies. */
  has(address: string): boolean;
  readonly entries: readonly string[];
}

/** The comma-separated list of TRUSTED_PROXIES (IPs and CIDR ranges, IPv4 and IPv6). Throws on a bad entry. */
export function parseTrustedProxies(text: string | undefined | null): TrustedProxies {
  const entries = (text ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const problem = trustedProxyEntryProblem(entry);
    if (problem) throw new Error(problem);
    const [raw, bits] = entry.split("/");
    const address = normalizeAddress(raw);
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return {
    entries,
    has(candidate) {
      if (entries.length === 0) return false;
      const address = normalizeAddress(candidate);
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket peer unless it is a trusted proxy; then X-Forwarded-For from the right,
 * skipping trusted hops. A malformed hop ends the walk at the last address known to be good. Null without a peer.
 */
export function resolveClientAddress(input: {
  peer: string | null | undefined;
  forwardedFor: string | null | undefined;
  trusted: TrustedProxies;
}): string | null {
  if (!input.peer) return null;
  let current = normalizeAddress(input.peer);
  if (!input.forwardedFor || !input.trusted.has(current)) return current;
  const hops = input.forwardedFor.split(",").map(normalizeAddress).reverse();
  for (const hop of hops) {
    if (!input.trusted.has(current)) break;
    if (!isIP(hop)) break;
    current = hop;
  }
  return current;
}
