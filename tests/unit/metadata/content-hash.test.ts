// The snapshot content hash keeps its values: the same bytes as the `canonicalize` package (RFC 8785) for any
// document, whatever its key orders, including many objects that share a key order (the writer caches orders).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contentHash, contentHashReference } from "@/lib/metadata/content-hash";
import type { MetadataDocument } from "@/lib/metadata/schema";

const asDocument = (value: unknown) => value as MetadataDocument;

describe("contentHash", () => {
  it("equals the reference for any JSON value", () => {
    const key = fc.oneof(fc.string(), fc.constantFrom("a", "b", "B", "10", "9", "é", "\u{1F600}", "\ud800", "_x"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(key, tie("value"), { maxKeys: 6 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(contentHash(asDocument(value))).toBe(contentHashReference(asDocument(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("sorts objects that share a first key but differ after it, every time", () => {
    const objects = [
      { z: 1, a: 2, m: 3 },
      { z: 1, m: 3, a: 2 },
      { z: 1, a: 2 },
      { z: 1, a: 2, m: 3, b: 4 },
      { z: 1, a: 2, m: 3 },
      { b: 1, a: { z: [1, { y: 2, x: 3 }], a: "é" } },
    ];
    for (let round = 0; round < 3; round++) {
      const doc = asDocument({ objects, reversed: [...objects].reverse() });
      expect(contentHash(doc)).toBe(contentHashReference(doc));
    }
  });

  it("refuses what JSON cannot carry", () => {
    expect(() => contentHash(asDocument({ a: Number.NaN }))).toThrow(/not finite/);
    expect(() => contentHash(asDocument({ a: 1n }))).toThrow(/bigint/);
  });
});
