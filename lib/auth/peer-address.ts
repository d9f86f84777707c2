// How the socket address of a request reaches the route handlers. Next hands them a Request without its socket,
// and its own X-Forwarded-For is the client's header when the client sent one. So the production front
// (scripts/server.ts) deletes any X-Syncwright-Peer a client sent and sets its own: a secret made when the process
// started, then the socket address. A handler believes the header only with that secret, so where no front runs
// (`next dev`, `next start`) a client-made copy is ignored and the address is unknown.
import { randomBytes, timingSafeEqual } from "node:crypto";

export const PEER_HEADER = "x-syncwright-peer";

// On globalThis under a registered symbol: the front and Next's bundle load this module separately.
const SECRET = Symbol.for("syncwright.peer-secret");
const store = globalThis as typeof globalThis & { [SECRET]?: string };

/** The front's secret, made on first use in this process. */
function frontSecret(): string {
  store[SECRET] ??= randomBytes(24).toString("base64url");
  return store[SECRET];
}

/**
 * For the front, before Next sees the request: replaces whatever the client sent as X-Syncwright-Peer with the
 * socket address, vouched for by the secret. Node joins repeated headers, so deleting first leaves only ours.
 */
export function stampPeerAddress(
  headers: Record<string, string | string[] | undefined>,
  socketAddress: string | undefined,
): void {
  delete headers[PEER_HEADER];
  if (socketAddress) headers[PEER_HEADER] = `${frontSecret()} ${socketAddress}`;
}

/** The socket address the front vouched for, or null when no front stamped this request (or a client forged it). */
export function readPeerAddress(headers: { get(name: string): string | null }): string | null {
  const value = headers.get(PEER_HEADER);
  const secret = store[SECRET];
  if (!value || !secret) return null;
  const space = value.indexOf(" ");
  if (space < 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return value.slice(space + 1).trim() || null;
}
