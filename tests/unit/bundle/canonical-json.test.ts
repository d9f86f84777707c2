import { describe, expect, it } from "vitest";
import fc from "fast-check";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { canonicalJson, canonicalSha256, stringifyIsCanonical } from "@/lib/bundle/canonical-json";
import { AppError } from "@/lib/app-error";

describe("canonicalJson (RFC 8785)", () => {
  it("writes the RFC's section 3.2.2 example byte for byte", () => {
    // Parsed from the RFC's input text, so the numbers go through the same double conversion as in the RFC.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units (the RFC's section 3.2.3 example)", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    const expected =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
      '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    expect(canonicalJson(input)).toBe(expected);
  });

  it("formats numbers as ECMAScript does (the RFC's appendix B samples)", () => {
    const samples: Array<[number, string]> = [
      [0, "0"],
      [-0, "0"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
      [295147905179352830000, "295147905179352830000"],
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [-1.5, "-1.5"],
      [333333333.3333333, "333333333.3333333"],
    ];
    for (const [value, text] of samples) expect(canonicalJson(value)).toBe(text);
  });

  it("writes unicode as is and escapes only what JSON must", () => {
    expect(canonicalJson({ s: 'é€😀\u0007\t"\\/' })).toBe('{"s":"é€😀\\u0007\\t\\"\\\\/"}');
    expect(canonicalJson("\ud800")).toBe('"\\ud800"');
  });

  it("writes the same bytes as the canonicalize package for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });

  it("is the same for the same value whatever the key order, and indented output parses to the same value", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(canonicalJson(JSON.parse(canonicalJson(record, { indent: 2 })))).toBe(canonicalJson(record));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses values JSON cannot carry, naming where they are", () => {
    const cases: Array<[unknown, string]> = [
      [{ a: { b: Number.NaN } }, "a.b"],
      [{ list: [1, undefined] }, "list[1]"],
      [{ when: new Date(0) }, "when"],
      [{ big: 1n }, "big"],
      [{ f: () => 1 }, "f"],
      [{ m: new Map() }, "m"],
      [Infinity, "(top)"],
    ];
    for (const [value, where] of cases) {
      let error: unknown;
      try {
        canonicalJson(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message.startsWith(`${where}:`)).toBe(true);
    }
    // An optional field left undefined is simply absent, as in JSON.stringify.
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("hashes the UTF-8 bytes of the canonical text", () => {
    // sha256 of the 16 UTF-8 bytes {"a":"é","b":1}, computed outside JavaScript (Python's hashlib).
    const expected = "aa58fba8483623bed37c1b02edfccbdd9a53123837c20bfa4cb4049993a2872e";
    expect(canonicalSha256({ b: 1, a: "\u00e9" })).toBe(expected);
  });

  it("takes JSON.stringify's native path only where it writes the canonical bytes", () => {
    const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Any value, and the same value read back from its canonical text (every key in order: the fast path).
        const readBack = JSON.parse(canonicalJson(value)) as unknown;
        if (!/"\d+":/.test(canonicalJson(value))) expect(stringifyIsCanonical(readBack)).toBe(true);
        for (const v of [value, readBack]) {
          if (stringifyIsCanonical(v)) expect(JSON.stringify(v)).toBe(canonicalJson(v));
          expect(canonicalSha256(v)).toBe(sha(canonicalJson(v)));
        }
      }),
      { numRuns: 500 },
    );
    // Integer-like keys: JSON.stringify writes them first in numeric order, RFC 8785 sorts them as strings.
    for (const value of [
      { "10": 1, "9": 2 },
      { b: 1, a: 2 },
      { a: undefined, b: 1 },
      [1, undefined],
      { a: new Date(0) },
      { a: NaN },
      { a: { toJSON: () => 1 } },
      new Map(),
    ]) {
      expect(stringifyIsCanonical(value), JSON.stringify(value)).toBe(false);
    }
    expect(stringifyIsCanonical(JSON.parse('{"10":1,"9":2}'))).toBe(false);
    expect(canonicalSha256(JSON.parse('{"10":1,"9":2}'))).toBe(sha('{"10":1,"9":2}'));
  });
});
