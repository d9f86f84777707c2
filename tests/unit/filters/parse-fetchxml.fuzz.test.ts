// FetchXML import under hostile input: real saved views of ../shared/data/dataverse, mutated (tokens inserted,
// slices deleted or repeated), must either parse or be refused with an AppError that names line and column:
// never a RangeError, a stack overflow or an error without a place.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AppError } from "@/lib/app-error";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { loadSavedViews } from "./saved-views";

const views = loadSavedViews().map((v) => v.fetchXml);

/** Pieces that broke or could break a parser: bad references, stray markup, odd characters. */
const TOKENS = [
  "&#99999999;",
  "&#1114112;",
  "&#x110000;",
  "&#xFFFFFFFFFF;",
  "&#xD800;",
  "&#55296;",
  "&#xDFFF;",
  "&#0;",
  "&#x0;",
  "&#1;",
  "&#xFFFE;",
  "&#;",
  "&#x;",
  "&#-1;",
  "&#x-1;",
  "&#1e3;",
  "&#65;",
  "&#x1F600;",
  "&",
  "&amp",
  "&nbsp;",
  "<",
  ">",
  "</filter>",
  "<filter>",
  "<filter type='or'>",
  "<condition attribute='statecode' operator='eq' value='0'/>",
  "<condition attribute='statecode' operator='in'/>",
  "<condition attribute='statecode' operator='null' value='1'/>",
  "<condition attribute='createdon' operator='last-x-days'><value>1</value><value>2</value></condition>",
  "<value>x</value>",
  "<link-entity name='a' from='b' to='c' link-type='any'>",
  "</link-entity>",
  "<![CDATA[x]]>",
  "]]>",
  "<!--",
  "-->",
  "<?xml version='1.0'?>",
  "<!DOCTYPE fetch>",
  '"',
  "'",
  "=",
  "\u0000",
  "\u0008",
  "\ufffe",
  "\ud800",
  "\udc00",
  "\r",
  "\t",
  "𝒳",
  "<fetch>",
  "</fetch>",
  "<entity name='x'>",
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    token: fc.constantFrom(...TOKENS),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    token: fc.string({ unit: "binary", maxLength: 6 }),
  }),
  // Into an attribute value or a <value>: where references are decoded.
  fc.record({
    kind: fc.constant("insert-in-value" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    token: fc.constantFrom(...TOKENS),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 80 }),
  }),
);

type Mutation =
  | { kind: "insert" | "insert-in-value"; at: number; token: string }
  | { kind: "delete" | "repeat"; at: number; length: number };

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = Math.floor(m.at * out.length);
    if (m.kind === "insert") out = out.slice(0, at) + m.token + out.slice(at);
    else if (m.kind === "insert-in-value") {
      const places = [...out.matchAll(/="|<value>/g)].map((p) => p.index + p[0].length);
      const place = places.length ? places[Math.floor(m.at * places.length) % places.length] : at;
      out = out.slice(0, place) + m.token + out.slice(place);
    } else if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === "repeat")
      out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at + m.length);
  }
  return out;
}

/** Parses, or returns what went wrong in a way a person could not act on (null when all is well). */
export function badOutcome(xml: string): string | null {
  try {
    parseFetchXml(xml, { name: "view.xml" });
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) return `crash: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    if (e.code !== "invalid") return `code ${e.code}: ${e.message}`;
    const path = e.problems[0]?.path ?? "";
    if (!/^view\.xml:\d+:\d+/.test(path) || !e.message.startsWith(path)) return `no line:column: ${e.message}`;
    return null;
  }
}

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 4000);

describe("parseFetchXml on mutated real FetchXML", () => {
  it("finds saved views to mutate", () => {
    expect(views.length).toBeGreaterThan(50);
  });

  it("refuses each hostile character reference with its line and column", () => {
    for (const ref of TOKENS.filter((t) => t.startsWith("&#") && t !== "&#65;" && t !== "&#x1F600;")) {
      const xml = `<fetch>\n  <entity name="account">\n    <filter>\n      <condition attribute="name" operator="eq" value="a${ref}" />\n    </filter>\n  </entity>\n</fetch>`;
      let error: unknown;
      try {
        parseFetchXml(xml, { name: "view.xml" });
      } catch (e) {
        error = e;
      }
      expect(error, ref).toBeInstanceOf(AppError);
      expect((error as AppError).message, ref).toMatch(/^view\.xml:4:7 <condition>: /);
    }
    // A valid reference still decodes.
    const ok = parseFetchXml(`<filter><condition attribute="name" operator="eq" value="&#65;&#x1F600;" /></filter>`);
    expect(ok.filter.children[0]).toMatchObject({ values: ["A\u{1F600}"] });
  });

  it("never crashes and always names line and column", () => {
    const bad: string[] = [];
    fc.assert(
      fc.property(fc.nat({ max: views.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const xml = mutate(views[i], ms);
        const outcome = badOutcome(xml);
        if (outcome) bad.push(`${outcome}\n--- input ---\n${xml.slice(0, 400)}`);
      }),
      { numRuns: FUZZ_RUNS, seed: Number(process.env.FUZZ_SEED ?? 1313) },
    );
    // One example per kind of failure, so a regression reads as a short list.
    const kinds = new Map(bad.map((b) => [b.slice(0, 60).replace(/\d+/g, "N"), b]));
    expect([...kinds.values()], `${bad.length} of ${FUZZ_RUNS} inputs`).toEqual([]);
  }, 120_000);
});
