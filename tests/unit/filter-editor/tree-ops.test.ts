// The editor's tree edits (by node id, inside links too) and its metadata choices on the real contact metadata.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addChild,
  countConditions,
  moveNode,
  positionOf,
  updateNode,
  withIds,
} from "@/components/filter-editor/tree-ops";
import { choiceOf, columnChoices, linkChoices, operatorChoices } from "@/components/filter-editor/metadata-choices";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { FilterGroup } from "@/lib/filters/schema";
import type { MetadataDocument } from "@/lib/metadata/schema";

const tree = (): FilterGroup =>
  withIds({
    kind: "group",
    type: "and",
    children: [
      { kind: "condition", id: "a", column: "statecode", operator: "eq", values: ["0"] },
      {
        kind: "group",
        id: "g",
        type: "or",
        children: [{ kind: "condition", id: "b", column: "ownerid", operator: "eq-userid", values: [] }],
      },
      {
        kind: "link",
        id: "l",
        table: "account",
        from: "accountid",
        to: "parentcustomerid",
        linkType: "any",
        filter: { kind: "group", id: "lg", type: "and", children: [] },
      },
    ],
  });

describe("tree edits", () => {
  it("gives every node an id and keeps given ones", () => {
    const t = withIds<FilterGroup>({
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "x", operator: "null", values: [] }],
    });
    expect(t.id).toBeTruthy();
    expect(t.children[0].id).toBeTruthy();
    expect(t.children[0].id).not.toBe(t.id);
    expect(tree().children[0].id).toBe("a");
  });

  it("updates, removes and adds by id, inside groups and links, without touching the rest", () => {
    const t = tree();
    const changed = updateNode(t, "b", (n) => (n.kind === "condition" ? { ...n, operator: "ne-userid" } : n));
    expect((changed.children[1] as FilterGroup).children[0]).toMatchObject({ operator: "ne-userid" });
    expect(changed.children[0]).toBe(t.children[0]);
    expect(updateNode(t, "nope", () => null)).toBe(t);
    const removed = updateNode(t, "g", () => null);
    expect(removed.children.map((c) => c.id)).toEqual(["a", "l"]);
    const added = addChild(t, "lg", { kind: "condition", id: "c", column: "statecode", operator: "eq", values: ["0"] });
    expect(added.children[2].kind === "link" && added.children[2].filter.children[0].id).toBe("c");
    expect(countConditions(added)).toBe(4);
  });

  it("moves a node among its siblings and not past either end", () => {
    const t = tree();
    expect(moveNode(t, "a", 1).children.map((c) => c.id)).toEqual(["g", "a", "l"]);
    expect(moveNode(t, "a", -1)).toBe(t);
    expect(moveNode(t, "l", 1)).toBe(t);
    const nested = addChild(t, "g", { kind: "condition", id: "c", column: "createdon", operator: "today", values: [] });
    expect((moveNode(nested, "c", -1).children[1] as FilterGroup).children.map((c) => c.id)).toEqual(["c", "b"]);
    expect(positionOf(nested, "c")).toEqual({ index: 1, count: 2 });
  });
});

describe("metadata choices on contact", () => {
  let doc: MetadataDocument;
  beforeAll(async () => {
    doc = (await readMetadataSource(path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions")))
      .document;
  });

  it("offers columns by display name with their logical name, without companion name columns", () => {
    const contact = doc.tables.find((t) => t.logicalName === "contact")!;
    const columns = columnChoices(contact);
    expect(columns.find((c) => c.value === "statecode")).toMatchObject({ label: "Status", type: "state" });
    expect(columns.some((c) => c.value === "owneridname")).toBe(false);
    expect(columns.map((c) => c.label)).toEqual([...columns.map((c) => c.label)].sort((a, b) => a.localeCompare(b)));
  });

  it("offers only the operators of the column's type, with readable labels", () => {
    const forLookup = operatorChoices("owner").map((o) => o.value);
    expect(forLookup).toContain("eq-userid");
    expect(forLookup).not.toContain("begins-with");
    expect(operatorChoices("datetime").find((o) => o.value === "last-x-days")?.label).toBe("is in the last … days");
    expect(operatorChoices("state").map((o) => o.value)).not.toContain("like");
  });

  it("offers the relationships of contact whose other table is in the metadata, and finds a link's choice", () => {
    const choices = linkChoices(doc, "contact");
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) expect(doc.tables.some((t) => t.logicalName === c.link.table)).toBe(true);
    const first = choices[0];
    expect(
      choiceOf(choices, {
        kind: "link",
        ...first.link,
        linkType: "any",
        filter: { kind: "group", type: "and", children: [] },
      })?.value,
    ).toBe(first.value);
  });
});
