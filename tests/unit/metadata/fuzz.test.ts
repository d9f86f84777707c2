// Each importer on thousands of broken variants of real files (truncated, bytes flipped, junk inserted,
// ranges deleted or repeated, JSON subtrees replaced): it must return a valid document or throw an
// AppError, never crash otherwise and never hang (every test is bounded by its timeout).
import path from "node:path";
import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { importWebApi } from "@/lib/metadata/import-webapi";
import { importSolutionFolder } from "@/lib/metadata/import-solution";
import { readMetadataUpload } from "@/lib/metadata/read-source";
import { MetadataDocumentSchema, type MetadataDocument } from "@/lib/metadata/schema";
import { UNPACKED_DIR, WEBAPI_DIR, readText } from "./real-data";

const RUNS = 3000;
const TIMEOUT = 25_000;

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; value: number }
  | { kind: "insert"; at: number; junk: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "duplicate"; at: number; length: number };

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    "<",
    ">",
    "</x>",
    "<a>",
    "<!DOCTYPE x [<!ENTITY e 'x'>]>",
    "&amp;",
    "&e;",
    "&#0;",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "\u0000",
    "]]>",
    "<![CDATA[",
    "<!--",
    "\uFEFF",
    "\uD800",
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), junk }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 600 }) }),
);

function mutate(base: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = base;
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === "truncate") bytes = bytes.subarray(0, at);
    else if (m.kind === "flip") {
      bytes = bytes.slice();
      bytes[at] = m.value;
    } else if (m.kind === "insert") {
      const add = strToU8(m.junk);
      const next = new Uint8Array(bytes.length + add.length);
      next.set(bytes.subarray(0, at));
      next.set(add, at);
      next.set(bytes.subarray(at), at + add.length);
      bytes = next;
    } else if (m.kind === "delete") {
      const next = new Uint8Array(bytes.length - Math.min(m.length, bytes.length - at));
      next.set(bytes.subarray(0, at));
      next.set(bytes.subarray(at + m.length), at);
      bytes = next;
    } else {
      const piece = bytes.subarray(at, at + m.length);
      const next = new Uint8Array(bytes.length + piece.length);
      next.set(bytes.subarray(0, at + piece.length));
      next.set(piece, at + piece.length);
      next.set(bytes.subarray(at + piece.length), at + 2 * piece.length);
      bytes = next;
    }
  }
  return bytes;
}

/** Runs the importer; anything but a schema-valid document or an AppError fails the property. */
function survives(run: () => MetadataDocument | undefined): void {
  let doc: MetadataDocument | undefined;
  try {
    doc = run();
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.message.length).toBeGreaterThan(0);
      return;
    }
    throw error;
  }
  if (doc) {
    const checked = MetadataDocumentSchema.safeParse(doc);
    if (!checked.success) throw new Error(`invalid document: ${checked.error.message.slice(0, 500)}`);
  }
}

// Real files, small enough for thousands of runs.
const entityJson = readText(path.join(WEBAPI_DIR, "appbase_kmitemtype.EntityDefinitions.json"));
const stateJson = readText(path.join(WEBAPI_DIR, "appbase_kmitemtype.StateAttributeMetadata.json"));
const webApiFile = strToU8(`[${entityJson},${stateJson}]`);
const contactEntityXml = readText(path.join(UNPACKED_DIR, "Entities", "Contact", "Entity.xml"));
const accountRelationshipsXml = readText(path.join(UNPACKED_DIR, "Other", "Relationships", "Account.xml"));
const customizationsShell = readText(path.join(UNPACKED_DIR, "Other", "Customizations.xml"));
// A customizations.xml made of real parts: the unpacked solution's shell with Contact's Entity element and
// the Account relationships moved in, as the packager would write them.
const entityElement = contactEntityXml
  .slice(contactEntityXml.indexOf("<Entity"), contactEntityXml.lastIndexOf("</Entity>") + 9)
  .replace(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', "");
const relationshipsBody = accountRelationshipsXml.slice(
  accountRelationshipsXml.indexOf(">", accountRelationshipsXml.indexOf("<EntityRelationships")) + 1,
  accountRelationshipsXml.lastIndexOf("</EntityRelationships>"),
);
const customizationsXml = customizationsShell
  .replace("<Entities />", `<Entities>${entityElement}</Entities>`)
  .replace("<EntityRelationships />", `<EntityRelationships>${relationshipsBody}</EntityRelationships>`);
const solutionZip = zipSync({
  "[Content_Types].xml": strToU8(
    '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>',
  ),
  "solution.xml": strToU8(readText(path.join(UNPACKED_DIR, "Other", "Solution.xml"))),
  "customizations.xml": strToU8(customizationsXml),
});

describe("fuzzing the importers with broken real files", () => {
  it("the unbroken samples import", () => {
    expect(readMetadataUpload(webApiFile, "kmitemtype.json").document.tables).toHaveLength(1);
    expect(
      readMetadataUpload(strToU8(customizationsXml), "customizations.xml").document.relationships.length,
    ).toBeGreaterThan(5);
    expect(readMetadataUpload(solutionZip, "solution.zip").document.tables.map((t) => t.logicalName)).toEqual([
      "contact",
    ]);
  });

  it(`Web API JSON survives ${RUNS} byte-level mutations`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        survives(() => readMetadataUpload(mutate(webApiFile, mutations), "kmitemtype.json").document);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    `Web API JSON survives ${RUNS} structural mutations (subtrees replaced by arbitrary JSON)`,
    { timeout: TIMEOUT },
    () => {
      const base = JSON.parse(`[${entityJson},${stateJson}]`) as unknown;
      // Paths into the document to replace: walk a few steps down from the root by index or key.
      const step = fc.oneof(
        fc.nat({ max: 40 }),
        fc.constantFrom(
          "Attributes",
          "value",
          "OptionSet",
          "Options",
          "DisplayName",
          "RequiredLevel",
          "Targets",
          "ManyToOneRelationships",
          "LocalizedLabels",
          "Label",
        ),
      );
      fc.assert(
        fc.property(
          fc.array(step, { minLength: 1, maxLength: 6 }),
          fc.jsonValue({ maxDepth: 3 }),
          (pathSteps, replacement) => {
            const json = structuredClone(base) as Record<string | number, unknown>;
            let node: Record<string | number, unknown> = json;
            for (let i = 0; i < pathSteps.length - 1; i++) {
              const keys = Object.keys(node);
              const key =
                typeof pathSteps[i] === "number"
                  ? keys[(pathSteps[i] as number) % Math.max(1, keys.length)]
                  : pathSteps[i];
              const next = key === undefined ? undefined : node[key];
              if (typeof next !== "object" || next === null) break;
              node = next as Record<string | number, unknown>;
            }
            const keys = Object.keys(node);
            const last = pathSteps[pathSteps.length - 1];
            const key = typeof last === "number" ? (keys[last % Math.max(1, keys.length)] ?? "x") : last;
            node[key] = replacement;
            survives(() => importWebApi([{ name: "kmitemtype.json", json }], { ignoreUnrecognized: true }).document);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it(`customizations.xml survives ${RUNS} byte-level mutations`, { timeout: TIMEOUT }, () => {
    const base = strToU8(customizationsXml);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        survives(() => readMetadataUpload(mutate(base, mutations), "customizations.xml").document);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    `the unpacked folder importer survives ${RUNS} mutations of Entity.xml and a relationships file`,
    { timeout: TIMEOUT },
    () => {
      const entity = strToU8(contactEntityXml);
      const relationships = strToU8(accountRelationshipsXml);
      const decoder = new TextDecoder();
      fc.assert(
        fc.property(
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.array(mutation, { maxLength: 2 }),
          (onEntity, onRelationships) => {
            survives(() =>
              importSolutionFolder(
                [
                  { path: "Entities/Contact/Entity.xml", text: decoder.decode(mutate(entity, onEntity)) },
                  {
                    path: "Other/Relationships/Account.xml",
                    text: decoder.decode(
                      onRelationships.length ? mutate(relationships, onRelationships) : relationships,
                    ),
                  },
                ],
                "solution",
              ),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it(`the solution zip survives ${RUNS} byte-level mutations`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        survives(() => readMetadataUpload(mutate(solutionZip, mutations), "solution.zip").document);
      }),
      { numRuns: RUNS },
    );
  });
});
