import { describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describeErrorBody, networkErrorCode, parseErrorBody, parseRetryAfter } from "@/lib/dataverse/error-body";

describe("Dataverse error bodies", () => {
  it("reads code and message", () => {
    const body = parseErrorBody(
      '{"error":{"code":"0x8004E023","message":"AggregateQueryRecordLimit exceeded. Cannot perform this operation."}}',
    );
    expect(body).toEqual({
      code: "0x8004E023",
      message: "AggregateQueryRecordLimit exceeded. Cannot perform this operation.",
    });
    expect(describeErrorBody(body!)).toBe(
      "AggregateQueryRecordLimit exceeded. Cannot perform this operation. (code 0x8004E023)",
    );
  });

  it("keeps the message alone when the code is empty", () => {
    const body = parseErrorBody('{"error":{"code":"","message":"Service unavailable"}}');
    expect(describeErrorBody(body!)).toBe("Service unavailable");
  });

  it("gives up on anything that is not an OData error", () => {
    for (const text of [
      "",
      "<html>502 Bad Gateway</html>",
      "{",
      '{"error":"x"}',
      '{"error":{"code":"0x1"}}',
      "null",
      '{"value":[]}',
    ]) {
      expect(parseErrorBody(text)).toBeUndefined();
    }
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("1")).toBe(1);
    expect(parseRetryAfter(" 30 ")).toBe(30);
    expect(parseRetryAfter("0.5")).toBe(0.5);
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:00:05 GMT", now)).toBe(5);
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("is undefined when absent or unreadable", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("-1")).toBeUndefined();
  });
});

describe("network error codes", () => {
  it("finds the innermost code of a failed fetch", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(networkErrorCode(error)).toBe("ECONNREFUSED");
  });

  it("looks inside AggregateError", () => {
    const inner = Object.assign(new Error("connect"), { code: "ENOTFOUND" });
    expect(networkErrorCode(new TypeError("fetch failed", { cause: new AggregateError([inner]) }))).toBe("ENOTFOUND");
    expect(networkErrorCode(new Error("plain"))).toBeUndefined();
  });
});
