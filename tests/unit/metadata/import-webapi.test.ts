import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { columnTypeOfWebApi, importWebApi, normalizeWebApi } from "@/lib/metadata/import-webapi";
import { MetadataDocumentSchema, type MetadataDocument } from "@/lib/metadata/schema";
import { summarizeDocument } from "@/lib/metadata/summarize";
import { webApiInputs } from "./real-data";

const all = importWebApi(webApiInputs(), { ignoreUnrecognized: true });
const doc = all.document;
const table = (d: MetadataDocument, name: string) => {
  const t = d.tables.find((x) => x.logicalName === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};
const column = (d: MetadataDocument, tableName: string, name: string) => {
  const c = table(d, tableName).columns.find((x) => x.logicalName === name);
  if (!c) throw new Error(`no column ${tableName}.${name}`);
  return c;
};

describe("Web API import of the real folder (17 tables from three orgs)", () => {
  it("gives the exact counts of the files", () => {
    const summary = summarizeDocument(doc);
    expect(summary.format).toBe("webapi-json");
    expect(summary.tables).toBe(17);
    // Sum of the Attributes arrays; the manifest's per-table "attributes" counts agree (47 + 104 + ... + 175).
    expect(summary.columns).toBe(1265);
    // 4,899 relationship entries across the tables, 4,812 distinct schema names (a relationship between two
    // of the tables appears on both sides); 20 of them many-to-many.
    expect(summary.relationships).toBe(4812);
    expect(doc.relationships.filter((r) => r.kind === "many-to-many")).toHaveLength(20);
    expect(summary.optionSets).toBe(16);
    expect(summary.partialTables).toBe(0);
    expect(MetadataDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it("reads a name of the object prototype (toString, constructor) in a mapped field as an unknown value", () => {
    // Found by the structural fuzz test: OwnershipType "toString" handed back Object.prototype.toString.
    const inputs = webApiInputs("contact").map((input) => {
      if (!input.name.endsWith(".EntityDefinitions.json")) return input;
      const json = structuredClone(input.json) as Record<string, unknown>;
      json.OwnershipType = "toString";
      return { name: input.name, json };
    });
    const read = normalizeWebApi(inputs);
    expect(MetadataDocumentSchema.safeParse(read).success).toBe(true);
    expect(table(read, "contact").ownership).toBe("none");
    expect(columnTypeOfWebApi(undefined, "constructor")).toBe("unknown");
    expect(columnTypeOfWebApi("valueOf", "toString")).toBe("unknown");
    expect(columnTypeOfWebApi("String", "constructor")).toBe("string");
  });

  it("skips the manifest of the folder with a warning, and nothing else", () => {
    expect(all.warnings).toEqual(["_manifest.json: skipped, not Dataverse metadata"]);
  });

  it("agrees with the manifest on every table's keys and column count", () => {
    const manifest = webApiInputs().find((i) => i.name === "_manifest.json")!.json as Array<{
      entity: string;
      attributes: number;
      primary_id: string;
      primary_name: string;
      entity_set: string;
    }>;
    for (const entry of manifest) {
      const t = table(doc, entry.entity);
      expect([t.primaryIdColumn, t.primaryNameColumn, t.entitySetName, t.columns.length]).toEqual([
        entry.primary_id,
        entry.primary_name,
        entry.entity_set,
        entry.attributes,
      ]);
    }
  });

  it("reads contact: keys, per-org plural name, ownership, type code, offline flag", () => {
    const contact = table(doc, "contact");
    expect(contact.primaryIdColumn).toBe("contactid");
    expect(contact.primaryNameColumn).toBe("fullname");
    expect(contact.displayCollectionName).toEqual({ "1033": "People" });
    expect(contact.ownership).toBe("user");
    expect(contact.objectTypeCode).toBe(2);
    expect(contact.custom).toBe(false);
    expect(contact.offlineEnabled).toBe(true);
    expect(contact.columns).toHaveLength(313);
  });

  it("gives statecode as a state column with Active/Inactive and statuscode options that carry their state", () => {
    const state = column(doc, "contact", "statecode");
    expect(state.type).toBe("state");
    expect(state.requiredLevel).toBe("SystemRequired");
    expect(state.optionSet?.options.map((o) => [o.value, o.labels["1033"]])).toEqual([
      [0, "Active"],
      [1, "Inactive"],
    ]);
    const status = column(doc, "contact", "statuscode");
    expect(status.type).toBe("status");
    expect(status.optionSet?.options).toEqual([
      { value: 1, labels: { "1033": "Active" }, state: 0 },
      { value: 2, labels: { "1033": "Inactive" }, state: 1 },
    ]);
    const actionStatus = column(doc, "appbase_actionitem", "statuscode");
    expect(actionStatus.optionSet?.options.map((o) => `${o.value}:${o.state}`)).toEqual(["1:0", "2:1", "3:2", "4:3"]);
  });

  it("keeps lookup, customer and owner targets", () => {
    expect(column(doc, "contact", "accountid")).toMatchObject({ type: "lookup", targets: ["account"] });
    expect(column(doc, "contact", "parentcustomerid")).toMatchObject({
      type: "customer",
      targets: ["account", "contact"],
    });
    expect(column(doc, "contact", "ownerid")).toMatchObject({ type: "owner", targets: ["systemuser", "team"] });
  });

  it("gives a boolean its two options from the Boolean cast", () => {
    const boolean = column(doc, "contact", "donotemail");
    expect(boolean.type).toBe("boolean");
    expect(boolean.optionSet?.options).toEqual([
      { value: 0, labels: { "1033": "Allow" } },
      { value: 1, labels: { "1033": "Do Not Allow" } },
    ]);
  });

  it("types appbase_actionitem's party lists and activity keys", () => {
    const action = table(doc, "appbase_actionitem");
    expect(action.primaryIdColumn).toBe("activityid");
    expect(action.isActivity).toBe(true);
    expect(action.custom).toBe(true);
    const parties = action.columns.filter((c) => c.type === "partylist").map((c) => c.logicalName);
    expect(parties).toEqual([
      "bcc",
      "cc",
      "customers",
      "from",
      "optionalattendees",
      "organizer",
      "partners",
      "requiredattendees",
      "resources",
      "to",
    ]);
    expect(column(doc, "appbase_actionitem", "to").targets).toEqual(["account", "contact", "systemuser"]);
    expect(column(doc, "appbase_actionitem", "activitytypecode").type).toBe("entityname");
  });

  it("maps datetime behavior and format, string length, numeric ranges and precision", () => {
    expect(column(doc, "contact", "birthdate")).toMatchObject({
      type: "datetime",
      dateTimeBehavior: "DateOnly",
      dateTimeFormat: "DateOnly",
    });
    expect(column(doc, "contact", "emailaddress1")).toMatchObject({ type: "string", maxLength: 100 });
    expect(column(doc, "contact", "creditlimit")).toMatchObject({
      type: "money",
      minValue: 0,
      maxValue: 100000000000000,
      precision: 2,
    });
  });

  it("resolves global option sets onto their columns and into the document", () => {
    const community = column(doc, "appbase_actionitem", "community");
    expect(community.optionSet).toMatchObject({ name: "socialprofile_community", global: true });
    expect(community.optionSet?.options.map((o) => o.labels["1033"])).toEqual(["Facebook", "Twitter", "Other"]);
    expect(doc.globalOptionSets.socialprofile_community.options).toHaveLength(3);
    expect(doc.globalOptionSets.powerpagelanguages.options).toHaveLength(45);
  });

  it("maps OwnershipType BusinessOwned and None", () => {
    expect(table(doc, "role").ownership).toBe("organization");
    expect(table(doc, "systemuser").ownership).toBe("organization");
    expect(table(doc, "queueitem").ownership).toBe("none");
  });

  it("leaves a table without cast responses (msdyn_aimodel) without invented options", () => {
    const picklists = table(doc, "msdyn_aimodel").columns.filter((c) => c.type === "picklist" || c.type === "state");
    expect(picklists.length).toBeGreaterThan(0);
    expect(picklists.every((c) => c.optionSet === undefined)).toBe(true);
  });
});

describe("Web API input shapes", () => {
  const contactInputs = webApiInputs("contact");
  const single = normalizeWebApi(contactInputs);

  it("accepts an array wrapper and a { value: [...] } wrapper with the same result", () => {
    const entity = contactInputs.find((i) => i.name === "contact.EntityDefinitions.json")!.json;
    const casts = contactInputs.filter((i) => i.name.includes("AttributeMetadata"));
    const asArray = normalizeWebApi([{ name: "all.json", json: [entity, ...casts.map((c) => c.json)] }]);
    expect(asArray).toEqual(single);
    const wrapped = normalizeWebApi([{ name: "tables.json", json: { value: [entity] } }, ...casts]);
    expect(wrapped).toEqual(single);
  });

  it("matches casts whose context names the table as LogicalName='x' or by MetadataId", () => {
    const rewrite = (form: (name: string, id: string) => string) =>
      contactInputs.map((input) => {
        const json = structuredClone(input.json) as Record<string, unknown>;
        if (typeof json["@odata.context"] === "string" && input.name.includes("AttributeMetadata")) {
          json["@odata.context"] = (json["@odata.context"] as string).replace(
            "EntityDefinitions('contact')",
            form("contact", "608861bc-50a4-4c5f-a02c-21fe1943e2cf"),
          );
        }
        return { name: input.name.replace(/^contact\./, "x."), json };
      });
    expect(normalizeWebApi(rewrite((name) => `EntityDefinitions(LogicalName='${name}')`))).toEqual(single);
    expect(normalizeWebApi(rewrite((_name, id) => `EntityDefinitions(${id})`))).toEqual(single);
  });

  it("does not attach a cast to the same-named table of another org", () => {
    const entity = structuredClone(
      contactInputs.find((i) => i.name === "contact.EntityDefinitions.json")!.json,
    ) as Record<string, unknown>;
    const status = contactInputs.find((i) => i.name === "contact.StatusAttributeMetadata.json")!;
    const otherOrg = structuredClone(status.json) as Record<string, unknown>;
    otherOrg["@odata.context"] = (otherOrg["@odata.context"] as string).replace(
      "fast-fields-shared.crm.dynamics.com",
      "other-org.crm.dynamics.com",
    );
    const result = importWebApi([
      { name: "contact.json", json: entity },
      { name: "status.json", json: otherOrg },
    ]);
    const statusColumn = result.document.tables[0].columns.find((c) => c.logicalName === "statuscode")!;
    expect(statusColumn.optionSet).toBeUndefined();
    expect(result.warnings).toEqual([
      "status.json: option sets for table 'contact' skipped: no EntityDefinitions response for it",
    ]);
    // Without a host in its context, the cast belongs to the one contact there is.
    delete otherOrg["@odata.context"];
    const byFileName = importWebApi([
      { name: "contact.json", json: entity },
      { name: "contact.StatusAttributeMetadata.json", json: otherOrg },
    ]);
    expect(
      byFileName.document.tables[0].columns.find((c) => c.logicalName === "statuscode")!.optionSet?.options,
    ).toHaveLength(2);
  });

  it("warns about option sets of a table it was not given", () => {
    const result = importWebApi([
      ...webApiInputs("role").filter((i) => i.name.includes("EntityDefinitions")),
      webApiInputs("queue").find((i) => i.name === "queue.StatusAttributeMetadata.json")!,
    ]);
    expect(result.warnings.some((w) => w.includes("queue.StatusAttributeMetadata.json") && w.includes("'queue'"))).toBe(
      true,
    );
  });

  it("marks tables from a table-list response (no Attributes) as partial", () => {
    const listed = normalizeWebApi([
      {
        name: "list.json",
        json: {
          "@odata.context":
            "https://x.crm.dynamics.com/api/data/v9.2/$metadata#EntityDefinitions(LogicalName,PrimaryIdAttribute)",
          value: [
            {
              LogicalName: "account",
              PrimaryIdAttribute: "accountid",
              PrimaryNameAttribute: "name",
              ObjectTypeCode: 1,
            },
          ],
        },
      },
    ]);
    expect(listed.tables[0]).toMatchObject({
      logicalName: "account",
      primaryIdColumn: "accountid",
      partial: true,
      columns: [],
    });
  });

  it("refuses JSON that is not Dataverse metadata, naming the input", () => {
    expect(() =>
      normalizeWebApi([{ name: "package.json", json: { name: "syncwright", version: "1.0.0", dependencies: {} } }]),
    ).toThrowError(/package\.json: not Dataverse metadata/);
    expect(() => normalizeWebApi([])).toThrowError(AppError);
    expect(() =>
      normalizeWebApi([
        { name: "views.json", json: webApiInputs("contact").find((i) => i.name === "contact.savedqueries.json")!.json },
      ]),
    ).toThrowError(/no EntityDefinitions response/);
    // Many files without a table: the first five named, the rest counted.
    const empties = Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.json`, json: {} }));
    expect(() => importWebApi(empties, { ignoreUnrecognized: true })).toThrowError(
      "f0.json, f1.json, f2.json, f3.json, f4.json and 19995 more: not Dataverse metadata: no EntityDefinitions response (table) found",
    );
  });

  it("names the attribute at fault in a damaged response", () => {
    const entity = structuredClone(contactInputs.find((i) => i.name === "contact.EntityDefinitions.json")!.json) as {
      Attributes: Array<Record<string, unknown>>;
    };
    delete entity.Attributes[3].LogicalName;
    expect(() => normalizeWebApi([{ name: "contact.json", json: entity }])).toThrowError(
      /contact\.json \(contact\)\.Attributes\[3\]: attribute without LogicalName/,
    );
  });
});
