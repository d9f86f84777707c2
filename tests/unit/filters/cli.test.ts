// The `syncwright filter` commands, run through commander with files on disk and the real metadata folder.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Command } from "commander";
import { register } from "@/lib/cli/commands/filter";
import { CliExit } from "@/lib/cli/exit";
import { DATAVERSE_DIR } from "./saved-views";

const dir = mkdtempSync(path.join(os.tmpdir(), "syncwright-filter-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const METADATA = path.join(DATAVERSE_DIR, "webapi-entitydefinitions");

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((t) => ((out += String(t)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((t) => ((err += String(t)), true));
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  register(program);
  let code = 0;
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (x) {
    if (x instanceof CliExit) code = x.exitCode;
    else if (x instanceof Error && "exitCode" in x) code = 2;
    else throw x;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, out, err };
}

const FETCH = `<fetch version="1.0" mapping="logical">
  <entity name="contact">
    <attribute name="fullname" />
    <filter type="and">
      <condition attribute="statecode" operator="eq" value="0" />
      <filter type="or">
        <condition attribute="ownerid" operator="eq-userid" />
        <condition attribute="createdon" operator="last-x-days" value="30" />
      </filter>
    </filter>
  </entity>
</fetch>`;

describe("syncwright filter from-fetchxml", () => {
  it("prints the tree as JSON, checked against the metadata", async () => {
    const r = await run("filter", "from-fetchxml", file("view.xml", FETCH), "--metadata", METADATA);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual({
      kind: "group",
      type: "and",
      children: [
        { kind: "condition", column: "statecode", operator: "eq", values: ["0"] },
        {
          kind: "group",
          type: "or",
          children: [
            { kind: "condition", column: "ownerid", operator: "eq-userid", values: [] },
            { kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] },
          ],
        },
      ],
    });
  });

  it("exits 1 with the element and position when the FetchXML cannot be represented", async () => {
    const f = file(
      "bad.xml",
      '<fetch>\n  <entity name="contact">\n    <filter>\n      <condition attribute="a" operator="eq" valueof="b" />\n    </filter>\n  </entity>\n</fetch>',
    );
    const r = await run("filter", "from-fetchxml", f);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `error: ${f}:4:7 <condition>: compares two columns (valueof), which a sync filter cannot express\n`,
    );
    const j = await run("filter", "from-fetchxml", f, "--json");
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toEqual({
      ok: false,
      problems: [{ path: `${f}:4:7 <condition>`, message: expect.stringMatching(/valueof/) }],
    });
  });

  it("exits 1 with line and column for an out-of-range character reference and for a wrong number of values", async () => {
    const ref = file(
      "ref.xml",
      '<fetch>\n  <entity name="contact">\n    <filter>\n      <condition attribute="fullname" operator="eq" value="&#99999999;" />\n    </filter>\n  </entity>\n</fetch>',
    );
    const r = await run("filter", "from-fetchxml", ref);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `error: ${ref}:4:7 <condition>: the character reference &#99999999; (U+5F5E0FF) is not a character XML allows\n`,
    );
    const arity = file(
      "arity.xml",
      '<fetch>\n  <entity name="contact">\n    <filter>\n      <condition attribute="createdon" operator="between" value="2020-01-01" />\n    </filter>\n  </entity>\n</fetch>',
    );
    const a = await run("filter", "from-fetchxml", arity);
    expect(a.code).toBe(1);
    expect(a.err).toBe(
      `error: ${arity}:4:7 <condition>: uses the operator between, which takes two values, but has 1\n`,
    );
  });

  it("exits 1 with the problems when the filter does not fit the metadata", async () => {
    const f = file(
      "wrong.xml",
      FETCH.replace('attribute="statecode" operator="eq" value="0"', 'attribute="statecode" operator="eq" value="7"'),
    );
    const r = await run("filter", "from-fetchxml", f, "--metadata", METADATA);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: contact\.statecode at filter\.children\[0\]\.values\[0\]: 7 is not an option of Status \(statecode\)/,
    );
  });

  it("exits 1 when --table disagrees with the fetch, 2 for an unreadable file or a lone filter without --table", async () => {
    expect((await run("filter", "from-fetchxml", file("v2.xml", FETCH), "--table", "account")).code).toBe(1);
    expect((await run("filter", "from-fetchxml", path.join(dir, "missing.xml"))).code).toBe(2);
    const lone = file("lone.xml", '<filter><condition attribute="statecode" operator="eq" value="0" /></filter>');
    expect((await run("filter", "from-fetchxml", lone, "--metadata", METADATA)).code).toBe(2);
    expect((await run("filter", "from-fetchxml", lone, "--metadata", METADATA, "--table", "contact")).code).toBe(0);
  });
});

describe("syncwright filter to-fetchxml", () => {
  const tree = file(
    "filter.json",
    JSON.stringify({
      preset: "mine",
      filter: {
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
      },
    }),
  );

  it("prints FetchXML that reads back to the same filter", async () => {
    const r = await run("filter", "to-fetchxml", tree, "--table", "contact", "--metadata", METADATA);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "<fetch>",
        '  <entity name="contact">',
        '    <filter type="and">',
        '      <condition attribute="ownerid" operator="eq-userid" />',
        '      <condition attribute="statecode" operator="eq" value="0" />',
        "    </filter>",
        "  </entity>",
        "</fetch>",
        "",
      ].join("\n"),
    );
    const back = await run("filter", "from-fetchxml", file("back.xml", r.out));
    expect(JSON.parse(back.out).children).toHaveLength(2);
  });

  it("prints the OData filter and the sentence", async () => {
    const r = await run(
      "filter",
      "to-fetchxml",
      tree,
      "--table",
      "contact",
      "--metadata",
      METADATA,
      "--odata",
      "--text",
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid') and statecode eq 0\nPeople whose Owner is the current user and whose Status is Active\n",
    );
  });

  it("exits 1 for JSON that is not a filter, naming the field", async () => {
    const bad = file(
      "bad.json",
      JSON.stringify({
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: "x", operator: "equals", values: [] }],
      }),
    );
    const r = await run("filter", "to-fetchxml", bad, "--table", "contact");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/children\.0\.operator/);
    expect((await run("filter", "to-fetchxml", file("nojson.json", "{"), "--table", "contact")).code).toBe(1);
  });

  it("exits 1 when OData cannot say the filter", async () => {
    const like = file(
      "like.json",
      JSON.stringify({
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: "fullname", operator: "like", values: ["a_c"] }],
      }),
    );
    const r = await run("filter", "to-fetchxml", like, "--table", "contact", "--odata");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not representable in OData/);
  });

  it("is a usage error without --table", async () => {
    expect((await run("filter", "to-fetchxml", tree)).code).toBe(2);
  });
});
