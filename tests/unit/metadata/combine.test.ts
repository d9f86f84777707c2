// Combining sources into one snapshot, on real Dataverse exports: the NonprofitCore managed solution holds contact
// only in part; the Web API export of an org holds it whole.
import { describe, expect, it } from "vitest";
import { combineDocuments, combineOrgDefinitions, singleSourceProvenance } from "@/lib/metadata/combine";
import { contentHash } from "@/lib/metadata/content-hash";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { MetadataDocumentSchema, SnapshotProvenanceSchema, type MetadataDocument } from "@/lib/metadata/schema";
import { HIGHERED_XML, NONPROFIT_ZIP, WEBAPI_DIR } from "./real-data";

const table = (doc: MetadataDocument, name: string) => doc.tables.find((t) => t.logicalName === name);

async function sources() {
  const solution = await readMetadataSource(NONPROFIT_ZIP);
  const webApi = await readMetadataSource(WEBAPI_DIR);
  return { solution: solution.document, webApi: webApi.document };
}

describe("combineDocuments on a solution plus a Web API export", () => {
  it("completes the solution's partial contact from the Web API and keeps the solution's custom tables", async () => {
    const { solution, webApi } = await sources();
    const partialContact = table(solution, "contact");
    const fullContact = table(webApi, "contact");
    expect(partialContact?.partial).toBe(true);
    expect(fullContact?.partial).toBe(false);
    const before = JSON.stringify(solution);

    const { document, provenance, report } = combineDocuments(
      {
        document: solution,
        provenance: singleSourceProvenance("solution", "NonprofitCore_2_2_3_0_managed.zip", solution),
      },
      { document: webApi, kind: "webapi-json", name: "146 files" },
    );

    expect(MetadataDocumentSchema.safeParse(document).success).toBe(true);
    expect(SnapshotProvenanceSchema.safeParse(provenance).success).toBe(true);
    expect(JSON.stringify(solution)).toBe(before); // the base is not changed
    const contact = table(document, "contact")!;
    expect(contact.partial).toBe(false);
    // Every column of both sources, each once.
    const names = new Set([...partialContact!.columns, ...fullContact!.columns].map((c) => c.logicalName));
    expect(contact.columns.map((c) => c.logicalName)).toEqual([...names].sort());
    expect(contact.columns.length).toBeGreaterThan(partialContact!.columns.length);
    // The complete definition is kept; the solution's columns the org export lacks are noted as from source 0.
    const origin = provenance.tables.find((o) => o.table === "contact")!;
    expect(origin.from).toBe(1);
    const fromSolution = origin.completedBy?.find((c) => c.source === 0)?.columns ?? [];
    for (const name of fromSolution) expect(fullContact!.columns.some((c) => c.logicalName === name)).toBe(false);
    expect(report.tablesCompleted).toContain("contact");

    // Tables of one side only are taken whole, from their side.
    const customOnlyInSolution = solution.tables.find((t) => !table(webApi, t.logicalName))!;
    expect(table(document, customOnlyInSolution.logicalName)).toEqual(customOnlyInSolution);
    expect(provenance.tables.find((o) => o.table === customOnlyInSolution.logicalName)?.from).toBe(0);
    const onlyInWebApi = webApi.tables.find((t) => !table(solution, t.logicalName))!;
    expect(provenance.tables.find((o) => o.table === onlyInWebApi.logicalName)?.from).toBe(1);
    expect(report.tablesAdded).toContain(onlyInWebApi.logicalName);

    const all = new Set([...solution.tables, ...webApi.tables].map((t) => t.logicalName));
    expect(document.tables.map((t) => t.logicalName)).toEqual([...all].sort());
    expect(provenance.tables.map((o) => o.table)).toEqual([...all].sort());
    expect(provenance.sources.map((s) => s.kind)).toEqual(["solution", "webapi-json"]);
    expect(document.format).toBe("combined");
    // Relationships of both, each schema name once.
    const rels = new Set([...solution.relationships, ...webApi.relationships].map((r) => r.schemaName));
    expect(document.relationships.length).toBe(rels.size);
  }, 60_000);

  it("keeps the complete side whichever order the sources come in, and is deterministic", async () => {
    const { solution, webApi } = await sources();
    const first = combineDocuments(
      { document: webApi, provenance: singleSourceProvenance("webapi-json", "json", webApi) },
      { document: solution, kind: "solution", name: "zip" },
    );
    const contact = table(first.document, "contact")!;
    expect(contact.partial).toBe(false);
    // The Web API's complete definition (source 0) wins over the later but partial solution.
    expect(first.provenance.tables.find((o) => o.table === "contact")?.from).toBe(0);
    const fullContact = table(webApi, "contact")!;
    expect(contact.displayName).toEqual({ ...table(solution, "contact")!.displayName, ...fullContact.displayName });
    const again = combineDocuments(
      { document: webApi, provenance: singleSourceProvenance("webapi-json", "json", webApi) },
      { document: solution, kind: "solution", name: "zip" },
    );
    expect(contentHash(again.document)).toBe(contentHash(first.document));
  }, 60_000);

  it("combines two solutions and a third source, numbering the sources in order", async () => {
    const { solution, webApi } = await sources();
    const highered = (await readMetadataSource(HIGHERED_XML)).document;
    const two = combineDocuments(
      { document: solution, provenance: singleSourceProvenance("solution", "a.zip", solution) },
      { document: highered, kind: "solution", name: "customizations.xml" },
    );
    const three = combineDocuments(two, { document: webApi, kind: "webapi-json", name: "json" });
    expect(three.provenance.sources.map((s) => s.name)).toEqual(["a.zip", "customizations.xml", "json"]);
    for (const origin of three.provenance.tables) {
      expect(origin.from).toBeLessThan(3);
      for (const part of origin.completedBy ?? []) expect(part.source).not.toBe(origin.from);
    }
    // Every column of the result is accounted for by exactly one source.
    for (const t of three.document.tables) {
      const origin = three.provenance.tables.find((o) => o.table === t.logicalName)!;
      const noted = (origin.completedBy ?? []).flatMap((p) => p.columns);
      expect(new Set(noted).size).toBe(noted.length);
      for (const name of noted) expect(t.columns.some((c) => c.logicalName === name)).toBe(true);
    }
  }, 60_000);
});

describe("combineOrgDefinitions", () => {
  it("keeps both sides' forms and views, the later one's on the same table and id", () => {
    const form = (table: string, id: string, name: string) => ({
      table,
      id,
      names: { "1033": name },
      name,
      type: 2,
      active: true,
      formXml: "<form/>",
    });
    const combined = combineOrgDefinitions(
      { forms: [form("contact", "a", "Old"), form("account", "b", "Account")], views: [] },
      { forms: [form("contact", "a", "New"), form("contact", "c", "Other")], views: [] },
    );
    expect(combined.forms.map((f) => `${f.table}/${f.id}/${f.name}`).sort()).toEqual([
      "account/b/Account",
      "contact/a/New",
      "contact/c/Other",
    ]);
  });
});
