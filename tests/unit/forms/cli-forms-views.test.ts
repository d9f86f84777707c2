// `syncwright metadata forms` and `metadata views` on the real solutions: JSON shape, one form and one view in the
// project's shapes, and the exit codes of `metadata inspect` (0 ok, 1 invalid input, 2 usage or unreadable).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formsCommand, viewsCommand, type CliIo } from "@/lib/cli/commands/metadata";
import { main } from "@/lib/cli/main";
import { FormSchema, ViewSchema } from "@/lib/forms/schema";
import { NONPROFIT_ZIP, UNPACKED_DIR, WEBAPI_DIR } from "../metadata/real-data";

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

const dir = mkdtempSync(path.join(tmpdir(), "syncwright-forms-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("metadata forms", () => {
  it("lists every main, quick create, card and quick view form with counts and what is skipped", async () => {
    const io = capture();
    expect(await formsCommand(UNPACKED_DIR, { json: true }, io)).toBe(0);
    const result = JSON.parse(io.stdout());
    expect(result.forms).toHaveLength(4);
    const person = result.forms.find((f: { name: string }) => f.name === "Person - Core");
    expect(person).toMatchObject({
      table: "contact",
      id: "62f71750-3d04-f111-8406-7ced8d3c12a1",
      kind: "main",
      tabs: 2,
      sections: 7,
      fields: 29,
      associatedLists: 0,
      importable: true,
    });
    expect(person.skipped).toContainEqual({
      what: "timeline (notes and activities) 'notescontrol'",
      where: "tab 'Summary' > section 'SOCIAL PANE'",
    });
    for (const form of result.forms) {
      expect(Object.keys(form)).toEqual(
        expect.arrayContaining([
          "table",
          "id",
          "name",
          "kind",
          "tabs",
          "sections",
          "fields",
          "associatedLists",
          "skipped",
        ]),
      );
      expect(["main", "quickCreate", "card", "quick"]).toContain(form.kind);
    }
  });

  it("--table keeps one table's forms; the Nonprofit zip has 121 forms in all", async () => {
    const all = capture();
    expect(await formsCommand(NONPROFIT_ZIP, { json: true }, all)).toBe(0);
    expect(JSON.parse(all.stdout()).forms).toHaveLength(121);
    const io = capture();
    expect(await formsCommand(NONPROFIT_ZIP, { json: true, table: "msnfp_award" }, io)).toBe(0);
    const forms = JSON.parse(io.stdout()).forms as Array<{ table: string; kind: string; associatedLists: number }>;
    expect(forms.every((f) => f.table === "msnfp_award")).toBe(true);
    expect(forms.find((f) => f.kind === "main")?.associatedLists).toBe(3);
  }, 30_000);

  it("--form prints the form in the project's Form shape, notes what was skipped on stderr", async () => {
    const io = capture();
    expect(await formsCommand(UNPACKED_DIR, { form: "{62F71750-3D04-F111-8406-7CED8D3C12A1}" }, io)).toBe(0);
    const form = FormSchema.parse(JSON.parse(io.stdout()));
    expect(form).toMatchObject({ name: "Person - Core", kind: "main", source: { kind: "systemform" } });
    expect(io.stderr()).toContain("note: skipped timeline (notes and activities) 'notescontrol'");
  });

  it("exit 1 for a card form (cannot be imported) and for an unknown form id", async () => {
    const card = capture();
    expect(await formsCommand(UNPACKED_DIR, { form: "786ef94c-1269-4650-b8d1-c57e3e9574b2" }, card)).toBe(1);
    expect(card.stderr()).toMatch(/card form .* cannot be a project form/);
    const missing = capture();
    expect(
      await formsCommand(UNPACKED_DIR, { form: "00000000-0000-0000-0000-000000000000", json: true }, missing),
    ).toBe(1);
    expect(JSON.parse(missing.stdout()).error.message).toMatch(/there is no form/);
  });

  it("prints a human summary without --json; Web API lists without formxml offer no forms", async () => {
    const io = capture();
    expect(await formsCommand(UNPACKED_DIR, {}, io)).toBe(0);
    expect(io.stdout()).toMatch(/^4 forms\n/);
    expect(io.stdout()).toContain("contact  main  Person - Core");
    const webapi = capture();
    expect(await formsCommand(WEBAPI_DIR, {}, webapi)).toBe(0);
    expect(webapi.stdout()).toBe("0 forms\n");
    expect(webapi.stderr()).toContain("no systemforms/savedqueries responses with formxml");
  });
});

describe("metadata views", () => {
  it("lists views with columns, sort, filter and Quick Find", async () => {
    const io = capture();
    expect(await viewsCommand(NONPROFIT_ZIP, { json: true }, io)).toBe(0);
    const views = JSON.parse(io.stdout()).views;
    expect(views).toHaveLength(294);
    const quick = views.find((v: { name: string }) => v.name === "Quick Find Active Awards");
    expect(quick).toMatchObject({
      table: "msnfp_award",
      kind: "quickFind",
      quickFind: true,
      hasFilter: true,
      columns: [
        { column: "msnfp_name", width: 300 },
        { column: "createdon", width: 125 },
      ],
      sort: [{ column: "msnfp_name", descending: false }],
    });
  }, 30_000);

  it("--view prints the view in the project's View shape", async () => {
    const io = capture();
    expect(await viewsCommand(UNPACKED_DIR, { view: "b758abbc-2f84-4b5a-90e0-54f15ffa9520" }, io)).toBe(0);
    const view = ViewSchema.parse(JSON.parse(io.stdout()));
    expect(view).toMatchObject({ name: "Action Item Lookup View", kind: "lookup" });
  });
});

describe("exit codes through the command line", () => {
  const run = async (...args: string[]) => {
    const writes: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((t: string) => (writes.push(t), true)) as typeof process.stdout.write;
    process.stderr.write = ((t: string) => (writes.push(t), true)) as typeof process.stderr.write;
    try {
      return { code: await main(["node", "syncwright", ...args]), output: writes.join("") };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  };

  it("0 ok, 1 for a file that is not metadata or a table that is not there, 2 for a missing file or a bad option", async () => {
    expect((await run("metadata", "views", UNPACKED_DIR, "--table", "appbase_actionitem", "--json")).code).toBe(0);
    const bad = path.join(dir, "bad.xml");
    writeFileSync(bad, "<ImportExportXml><Entities>");
    expect((await run("metadata", "forms", bad)).code).toBe(1);
    expect((await run("metadata", "forms", UNPACKED_DIR, "--table", "nosuchtable")).code).toBe(1);
    expect((await run("metadata", "forms", path.join(dir, "missing.zip"))).code).toBe(2);
    expect((await run("metadata", "views", UNPACKED_DIR, "--language", "english")).code).toBe(2);
    expect((await run("metadata", "forms")).code).toBe(2);
  });
});
