// Where the org's forms and views are found in uploads: a solution zip, Web API JSON responses of systemforms and
// savedqueries that carry their definitions (built from the real org's rows and its unpacked solution), and a
// broken file that costs the admin only the forms (a warning), never the metadata import.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsFromUploads, definitionsFromUploadsOrWarning } from "@/lib/metadata/read-definitions";
import { NONPROFIT_ZIP, UNPACKED_DIR, WEBAPI_DIR } from "../metadata/real-data";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("definitions in uploads", () => {
  it("reads a solution zip's 121 forms and 294 views", () => {
    const defs = definitionsFromUploads([
      { name: "nonprofit.zip", bytes: new Uint8Array(readFileSync(NONPROFIT_ZIP)) },
    ]);
    expect([defs.forms.length, defs.views.length]).toEqual([121, 294]);
  });

  it("reads Web API systemforms / savedqueries responses that carry formxml / fetchxml / layoutxml", () => {
    const list = JSON.parse(readFileSync(path.join(WEBAPI_DIR, "contact.systemforms.json"), "utf8"));
    const unpacked = readFileSync(
      path.join(UNPACKED_DIR, "Entities/Contact/FormXml/main/{62f71750-3d04-f111-8406-7ced8d3c12a1}.xml"),
      "utf8",
    );
    const formxml = /<form\b[\s\S]*<\/form>/.exec(unpacked)![0];
    const rows = list.value.map((row: { formid: string }) =>
      row.formid === "62f71750-3d04-f111-8406-7ced8d3c12a1" ? { ...row, formxml } : row,
    );
    const forms = { ...list, value: rows };
    const views = JSON.parse(readFileSync(path.join(WEBAPI_DIR, "contact.savedqueries.json"), "utf8"));
    const defs = definitionsFromUploads([
      { name: "contact.EntityDefinitions.json", bytes: bytes("{}") },
      { name: "contact.systemforms.json", bytes: bytes(JSON.stringify(forms)) },
      { name: "contact.savedqueries.json", bytes: bytes(JSON.stringify(views)) },
    ]);
    // Only the form with its formxml is a definition; the real views list asked for names only: nothing to import.
    expect(defs.forms.map((f) => [f.table, f.id, f.name, f.type])).toEqual([
      ["contact", "62f71750-3d04-f111-8406-7ced8d3c12a1", "Person - Core", 2],
    ]);
    expect(defs.views).toEqual([]);
  });

  it("leaves out a form or view whose id is not a GUID (a hand-edited file), keeping the table's others", () => {
    const main = "Entities/Contact/FormXml/main/{62f71750-3d04-f111-8406-7ced8d3c12a1}.xml";
    const text = readFileSync(path.join(UNPACKED_DIR, main), "utf8");
    const broken = text.replace(/<formid>[^<]*<\/formid>/, "<formid>{786ef94c 1269}</formid>");
    expect(broken).not.toBe(text);
    const defs = definitionsFromUploads([
      { name: `src/${main}`, bytes: bytes(text) },
      { name: "src/Entities/Contact/FormXml/main/broken.xml", bytes: bytes(broken) },
      { name: "src/Entities/Contact/Entity.xml", bytes: bytes("<Entity />") },
    ]);
    expect(defs.forms.map((f) => f.id)).toEqual(["62f71750-3d04-f111-8406-7ced8d3c12a1"]);
  });

  it("takes a view's table from its FetchXML when the row does not carry returnedtypecode", () => {
    const list = JSON.parse(readFileSync(path.join(WEBAPI_DIR, "appbase_actionitem.savedqueries.json"), "utf8"));
    const file = readFileSync(
      path.join(UNPACKED_DIR, "Entities/appbase_ActionItem/SavedQueries/{b758abbc-2f84-4b5a-90e0-54f15ffa9520}.xml"),
      "utf8",
    );
    const inner = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(file)![1].trim();
    const rows = list.value.map((row: { savedqueryid: string }) =>
      row.savedqueryid === "b758abbc-2f84-4b5a-90e0-54f15ffa9520"
        ? { ...row, fetchxml: inner("fetchxml"), layoutxml: inner("layoutxml") }
        : row,
    );
    const defs = definitionsFromUploads([
      { name: "a.json", bytes: bytes(JSON.stringify({ ...list, value: rows })) },
      { name: "b.json", bytes: bytes("{}") },
    ]);
    expect(defs.views.map((v) => [v.table, v.name, v.queryType])).toEqual([
      ["appbase_actionitem", "Action Item Lookup View", 64],
    ]);
  });

  it("turns an unreadable file into a warning instead of an error", () => {
    const result = definitionsFromUploadsOrWarning([{ name: "broken.zip", bytes: bytes("PK\u0003\u0004 broken") }]);
    expect(result.definitions).toEqual({ forms: [], views: [] });
    expect(result.warning).toMatch(/^The forms and views could not be read, so none are offered: /);
  });
});
