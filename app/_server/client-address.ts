// The client's address for rate limiting: the socket address the production front vouched for, and behind
// proxies named in TRUSTED_PROXIES the first untrusted hop of X-Forwarded-For (lib/auth/client-address.ts).
// Null where no front runs (`next dev`): a client-sent header is never taken on its word.
import "server-only";
import { getConfig } from "@/lib/config";
import { parseTrustedProxies, resolveClientAddress, type TrustedProxies } from "@/lib/auth/client-address";
import { readPeerAddress } from "@/lib/auth/peer-address";

let parsed: { entries: string[]; trusted: TrustedProxies } | undefined;

/** The configured proxies as a matcher, made again only when the configuration changes (tests). */
function trustedProxies(): TrustedProxies {
  const entries = getConfig().trustedProxies;
  if (parsed?.entries !== entries) parsed = { entries, trusted: parseTrustedProxies(entries.join(",")) };
  return parsed.trusted;
}

export function clientAddress(request: Request): string | null {
  return resolveClientAddress({
    peer: readPeerAddress(request.headers),
    forwardedFor: request.headers.get("x-forwarded-for"),
    trusted: trustedProxies(),
  });
}
