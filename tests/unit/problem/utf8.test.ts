// The one UTF-8 decoder of read files: a file too long for one string is named as too large, not as "not UTF-8".
import { describe, expect, it } from "vitest";
import { parseJsonBytes } from "@/lib/bundle/json-text";
import { readMetadataUpload } from "@/lib/metadata/read-source";
import { decodeUtf8, MAX_TEXT_BYTES } from "@/lib/utf8";

describe("decodeUtf8", () => {
  it("decodes UTF-8, and names bytes that are not", () => {
    expect(decodeUtf8(new TextEncoder().encode("Zoë ✓"))).toEqual({ ok: true, text: "Zoë ✓" });
    expect(decodeUtf8(new Uint8Array([0x61, 0xff]))).toEqual({ ok: false, reason: "not UTF-8 text" });
  });

  it("names a file longer than a string can be as too large, in every reader", () => {
    const huge = Buffer.alloc(MAX_TEXT_BYTES + 1, 0x20);
    const reason = `too large to read as text (${MAX_TEXT_BYTES + 1} bytes; a text file can have at most ${MAX_TEXT_BYTES}, about 512 MB)`;
    expect(decodeUtf8(huge)).toEqual({ ok: false, reason });
    expect(parseJsonBytes(huge, "bundle.json")).toEqual({
      ok: false,
      problem: { path: "bundle.json", message: reason },
    });
    expect(() => readMetadataUpload(huge, "huge.json", { maxFileBytes: huge.length })).toThrowError(
      `huge.json: ${reason}`,
    );
  });
});
