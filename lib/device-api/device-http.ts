// The device API's HTTP surface without a framework: a request is a method, a path and headers; a reply is a
// status, headers and bytes. Next's route files (app/api/client/v1, through withDevice) and the production
// server's node:http front (node-front.ts) answer through the same function, so they cannot drift apart.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { logger } from "@/lib/logger";
import { problemOfError } from "@/lib/problem";
import type { DeviceApiDeps } from "./deps";

export interface DeviceRequest {
  method: string;
  /** The URL's path, without the query. */
  path: string;
  /** A header by its lowercase name, or null. */
  header(name: string): string | null;
  /** The body's bytes; over `limit` bytes it throws a 400 problem without reading the rest. */
  body(limit: number): Promise<Buffer>;
}

export interface DeviceReply {
  status: number;
  /**
   * Read only: a handler may answer with headers it keeps for many requests. Write a new object with the added
   * names first (`{ name: value, ...headers }`): in Node 20's V8, adding a name to an object made by a spread, or
   * after the spread in the literal (`{ ...headers, name: value }`), takes a slow path that cost 1.5-7 us a
   * request (npm run bench device-download).
   */
  headers: Readonly<Record<string, string>>;
  body?: Uint8Array | string;
}

export type DeviceHandler = (request: DeviceRequest, deps: DeviceApiDeps) => Promise<DeviceReply>;

/** A request id a caller may choose (a load balancer's or the app's own), kept to what is safe in logs and headers. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The refusal of a body over `limit` bytes: a 400 problem, as any other malformed body. */
export function bodyTooLarge(limit: number): AppError {
  return new AppError("invalid", `The request body is larger than ${limit.toLocaleString("en-US")} bytes.`, {
    problems: [{ path: "(body)", message: `at most ${limit} bytes` }],
    reason: "body_too_large",
  });
}

/** A request whose body stopped arriving because its client went away: nobody reads the answer. */
export function clientGone(): AppError {
  return new AppError("invalid", "The request body was cut off: the client closed the connection.", {
    problems: [{ path: "(body)", message: "cut off" }],
    reason: "client_gone",
  });
}

/** Every device API path starts with it. */
export const DEVICE_API_PREFIX = "/api/client/v1/";

/**
 * Answers a device request with `handler`: a request id (the caller's X-Request-Id or a new one, echoed back),
 * no credentials at all is 401 before anything else (configured or not), and every error is a problem+json
 * reply (401 with WWW-Authenticate). The dependencies are asked for only once the request carries a token.
 */
export async function answerDeviceRequest(
  request: DeviceRequest,
  handler: DeviceHandler,
  depsOf: () => DeviceApiDeps,
): Promise<DeviceReply> {
  const sent = request.header("x-request-id");
  const requestId = sent && REQUEST_ID.test(sent) ? sent : randomUUID();
  try {
    if (!/^Bearer\s+\S/i.test(request.header("authorization") ?? "")) {
      throw new AppError("unauthorized", "Send the user's Entra ID access token as Authorization: Bearer <token>.");
    }
    const reply = await handler(request, depsOf());
    return { ...reply, headers: { "x-request-id": requestId, ...reply.headers } };
  } catch (error) {
    const headers: Record<string, string> = { "x-request-id": requestId };
    if (error instanceof AppError && error.code === "unauthorized") {
      logger.info({ requestId, reason: error.message }, "device token refused");
      // RFC 6750 3.1: a request that sent no token gets the scheme alone, one that sent a bad token the error code.
      const sentToken = /^Bearer\s+\S/i.test(request.header("authorization") ?? "");
      headers["www-authenticate"] = sentToken ? `Bearer error="invalid_token"` : "Bearer";
    }
    return problemOfError(error, requestId, headers);
  }
}
