// How screens name tables, columns and column types (lib/metadata/naming.ts): the display name first, the logical
// name second and once, one type vocabulary; on the real Web API files, whose tables carry only a plural name.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filterToText } from "@/lib/filters/to-text";
import { importWebApi } from "@/lib/metadata/import-webapi";
import {
  columnLabelIn,
  columnName,
  columnNameIn,
  columnTypeLabel,
  columnTypeOptions,
  nameMatches,
  nameText,
  quotedName,
  shownName,
  tableLabel,
  tableName,
  tableNameIn,
  tablePluralLabel,
} from "@/lib/metadata/naming";
import { ColumnTypeSchema } from "@/lib/metadata/schema";
import { diffSnapshots, diffTableLabels } from "@/lib/metadata/snapshot-diff";
import { webApiInputs } from "./real-data";

const doc = importWebApi(webApiInputs(), { ignoreUnrecognized: true }).document;
const table = (name: string) => doc.tables.find((t) => t.logicalName === name)!;

describe("table and column names", () => {
  it("leads with the display name and keeps the logical name second", () => {
    const person = { displayName: { "1033": "Person" }, displayCollectionName: { "1033": "People" } };
    expect(tableName(person, "contact")).toEqual({ label: "Person", logicalName: "contact", secondary: "contact" });
    expect(tablePluralLabel(person, "contact")).toBe("People");
    expect(nameText(tableName(person, "contact"))).toBe("Person (contact)");
    expect(quotedName(tableName(person, "contact"))).toBe("'Person' (contact)");
  });

  it("names a table of the real Web API files, which carry only the plural, by that plural", () => {
    // annotation's EntityDefinitions export has DisplayCollectionName "Notes" and no DisplayName.
    expect(table("annotation").displayName).toEqual({});
    expect(tableName(table("annotation"), "annotation")).toEqual({
      label: "Notes",
      logicalName: "annotation",
      secondary: "annotation",
    });
    expect(tableLabel(table("contact"), "contact")).toBe("People");
  });

  it("shows the logical name once when there is no display name at all (never 'annotation / annotation')", () => {
    const bare = { displayName: {}, displayCollectionName: {} };
    expect(tableName(bare, "annotation")).toEqual({ label: "annotation", logicalName: "annotation" });
    expect(tableName(undefined, "annotation").secondary).toBeUndefined();
    expect(nameText(tableName(bare, "annotation"))).toBe("annotation");
    expect(quotedName(tableName(bare, "annotation"))).toBe("'annotation'");
    // A blank label is no label; a display name equal to the logical name is not repeated either.
    expect(tableName({ displayName: { "1033": "  " }, displayCollectionName: {} }, "x")).toEqual({
      label: "x",
      logicalName: "x",
    });
    expect(columnName({ displayName: { "1033": "fax" } }, "fax").secondary).toBeUndefined();
    expect(shownName(undefined, "fax")).toEqual({ label: "fax", logicalName: "fax" });
    expect(shownName("Fax", "fax")).toEqual({ label: "Fax", logicalName: "fax", secondary: "fax" });
  });

  it("names a column by its display name, in the language asked, else any label, else its logical name", () => {
    const createdon = table("annotation").columns.find((c) => c.logicalName === "createdon")!;
    expect(columnName(createdon, "createdon")).toEqual({
      label: "Created On",
      logicalName: "createdon",
      secondary: "createdon",
    });
    expect(columnName({ displayName: { "1031": "Erstellt am" } }, "createdon").label).toBe("Erstellt am");
    expect(
      columnName({ displayName: { "1033": "Created On", "1031": "Erstellt am" } }, "createdon", "1031").label,
    ).toBe("Erstellt am");
  });

  it("looks a name up in a snapshot, for screens that hold only logical names (validation issues, diffs)", () => {
    expect(nameText(tableNameIn(doc, "contact"))).toBe("People (contact)");
    expect(nameText(columnNameIn(doc, "contact", "lastname"))).toBe("Last Name (lastname)");
    expect(nameText(tableNameIn(doc, "no_such_table"))).toBe("no_such_table");
    expect(nameText(columnNameIn(undefined, "contact", "lastname"))).toBe("lastname");
    // A table's column by its display name (the designers), never an empty label.
    expect(columnLabelIn(table("contact"), "lastname")).toBe("Last Name");
    expect(columnLabelIn(table("contact"), "no_such_column")).toBe("no_such_column");
    expect(
      columnLabelIn(
        { columns: [{ ...table("contact").columns[0], displayName: { "1033": " " } }] },
        table("contact").columns[0].logicalName,
      ),
    ).toBe(table("contact").columns[0].logicalName);
    expect(columnLabelIn(undefined, "lastname")).toBe("lastname");
  });

  it("matches a search by display name or logical name", () => {
    const name = tableName(table("contact"), "contact");
    expect(nameMatches(name, "peop")).toBe(true);
    expect(nameMatches(name, "CONT")).toBe(true);
    expect(nameMatches(name, "account")).toBe(false);
    expect(nameMatches(name, " ")).toBe(true);
  });

  it("lets the filter sentence say Notes and Created On, not annotation and createdon", () => {
    const sentence = filterToText(
      "annotation",
      {
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] }],
      },
      doc,
    );
    expect(sentence).toBe("Notes whose Created On is in the last 30 days");
    // Without the snapshot, the logical names.
    expect(filterToText("annotation", undefined)).toBe("All Rows of annotation");
  });
});

describe("the snapshot diff's table names", () => {
  it("gives the display name of every table the diff names, and none where it is the logical name", () => {
    const before = { ...doc, tables: doc.tables.filter((t) => t.logicalName !== "annotation") };
    const after = {
      ...doc,
      tables: doc.tables
        .filter((t) => t.logicalName !== "queue")
        .map((t) => (t.logicalName === "contact" ? { ...t, custom: !t.custom } : t))
        .concat([{ ...table("queue"), logicalName: "nolabel", displayName: {}, displayCollectionName: {} }]),
    };
    const diff = diffSnapshots(before, after);
    expect(diffTableLabels(before, after, diff)).toEqual({ annotation: "Notes", contact: "People", queue: "Queues" });
  });
});

describe("column type labels", () => {
  it("gives every column type one distinct label, in Dataverse's maker words", () => {
    const labels = ColumnTypeSchema.options.map(columnTypeLabel);
    expect(labels.every((l) => l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
    expect(columnTypeLabel("picklist")).toBe("Choice");
    expect(columnTypeLabel("memo")).toBe("Multiline text");
    expect(columnTypeLabel("string")).toBe("Text");
    expect(columnTypeLabel("lookup")).toBe("Lookup");
  });

  it("offers the types present once each, sorted by label", () => {
    expect(columnTypeOptions(["picklist", "memo", "string", "picklist"])).toEqual([
      { value: "picklist", label: "Choice" },
      { value: "memo", label: "Multiline text" },
      { value: "string", label: "Text" },
    ]);
  });

  it("is spelled in one place: no other module of lib/, components/ or app/ restates the vocabulary", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (full.endsWith(path.join("lib", "db", "generated"))) continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry) && !full.endsWith(path.join("lib", "metadata", "naming.ts"))) {
          const text = readFileSync(full, "utf8");
          // The labels of memo and picklist, and a screen printing the raw type of a column.
          if (/"Multiline text"|picklist: "Choice"|\{\s*(item\.)?column\.type\s*\}/.test(text))
            offenders.push(path.relative(root, full));
        }
      }
    };
    for (const top of ["lib", "components", "app"]) walk(path.join(root, top));
    expect(offenders).toEqual([]);
  });
});
