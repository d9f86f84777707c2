// Values nested too deep for zod: a filter tree is checked by recursion, and one a few hundred groups deep ran zod
// out of stack ("Maximum call stack size exceeded"), which the portal answered as an internal error and the CLI
// printed without a file or path. Every door a value comes in by refuses it first, naming where (jsonDepthProblem),
// while the deepest filter Syncwright itself reads (100 groups, in a form's rule) still passes.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { jsonDepthProblem, MAX_DOCUMENT_JSON_DEPTH, MAX_JSON_DEPTH, parseInput } from "@/lib/parse-input";
import { SyncFilterSchema } from "@/lib/filters/schema";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { readProjectFile, toProjectFile } from "@/lib/bundle/project-file";
import { verifyBundleJson } from "@/lib/bundle/verify";
import { parseJsonBytes } from "@/lib/bundle/json-text";

const CONDITION = '{"kind":"condition","column":"statecode","operator":"eq","values":["0"]}';
/** A filter group `n` groups deep, as JSON text (JSON.parse reads any depth; JSON.stringify would not write it). */
const deepGroupText = (n: number) => '{"kind":"group","type":"and","children":['.repeat(n) + CONDITION + "]}".repeat(n);
const deepGroup = (n: number) => JSON.parse(deepGroupText(n)) as unknown;

/** A valid project file whose one form rule's condition is a filter `n` groups deep. */
function projectFileWithRuleDepth(n: number): string {
  const condition = { kind: "group", type: "and", children: [JSON.parse(CONDITION)] };
  const project = ProjectDocumentSchema.parse({
    name: "Deep",
    environmentId: "env-1",
    snapshotId: "snap-1",
    roles: [{ roleName: "Salesperson", priority: 10 }],
    tables: [
      {
        tableName: "contact",
        columns: ["contactid", "fullname", "statecode"],
        syncMode: "offline",
        permissions: { create: true, read: true, write: true, delete: true, assign: true, share: true },
        forms: [
          {
            id: "main",
            name: "Main",
            tabs: [
              {
                kind: "fields",
                id: "general",
                label: "General",
                sections: [{ id: "s", label: "S", fields: [{ id: "f-fullname", column: "fullname" }] }],
              },
            ],
            rules: [
              {
                id: "r1",
                name: "R1",
                trigger: { on: "load" },
                condition,
                then: [{ type: "hide", target: "f-fullname" }],
              },
            ],
          },
        ],
      },
    ],
  });
  const text = toProjectFile(project);
  const file = JSON.parse(text) as {
    project: { tables: Array<{ forms: Array<{ rules: Array<{ condition: unknown }> }> }> };
  };
  const compact = JSON.stringify(file);
  const marker = JSON.stringify(file.project.tables[0].forms[0].rules[0].condition);
  if (!compact.includes(marker)) throw new Error("the rule's condition is not where the test puts the deep one");
  return compact.replace(marker, deepGroupText(n));
}

describe("values nested too deep", () => {
  it("names the first place deeper than the limit, shortened, at any depth and without recursion", () => {
    expect(jsonDepthProblem({ a: [1, { b: "x" }], c: null })).toBeNull();
    const nest = (levels: number) => {
      let v: unknown = 0;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    expect(jsonDepthProblem(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonDepthProblem(nest(MAX_JSON_DEPTH + 1))).toEqual({
      path: "[0][0][0][0][0][0][0][0]…[0][0][0][0][0][0][0][0]",
      message: `nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
    });
    expect(jsonDepthProblem({ a: { b: { c: {} } } }, "body", 3)).toEqual({
      path: "body.a.b.c",
      message: "nests objects and arrays deeper than 3 levels",
    });
    // A million levels: found, not a stack overflow.
    expect(jsonDepthProblem(nest(1_000_000))?.message).toMatch(/deeper than 256 levels/);
  });

  it("parseInput refuses a filter 5,000 groups deep as invalid input, and takes one 100 deep", () => {
    const parse = (n: number) =>
      parseInput(SyncFilterSchema, { preset: "custom", filter: deepGroup(n) }, "sync filter");
    let error: unknown;
    try {
      parse(5_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    expect((error as AppError).message).toMatch(
      /^Invalid sync filter: filter\.children\[0\]\.children\[0\]\.children.*: nests objects and arrays deeper than 256 levels$/,
    );
    expect(parse(100).preset).toBe("custom");
  });

  it("a project file: a rule's condition 100 groups deep is read, 1,000 and 100,000 deep are refused by path", () => {
    const ok = readProjectFile(projectFileWithRuleDepth(100));
    expect(ok.ok).toBe(true);
    for (const n of [1_000, 100_000]) {
      const refused = readProjectFile(projectFileWithRuleDepth(n));
      expect(refused).toEqual({
        ok: false,
        problems: [
          {
            path: "project.tables[0].forms[0].rules[0]…children[0].children[0].children[0]",
            message: `nests objects and arrays deeper than ${MAX_DOCUMENT_JSON_DEPTH} levels`,
          },
        ],
      });
    }
  });

  it("a project file takes any table a save request took: the file holds it two levels deeper", () => {
    const tableOf = (text: string) => (JSON.parse(text) as { project: { tables: unknown[] } }).project.tables[0];
    // The deepest rule condition a save ({ config: table }) takes.
    let n = 100;
    while (jsonDepthProblem({ config: tableOf(projectFileWithRuleDepth(n + 1)) }) === null) n++;
    expect(jsonDepthProblem({ config: tableOf(projectFileWithRuleDepth(n)) })).toBeNull();
    expect(readProjectFile(projectFileWithRuleDepth(n)).ok).toBe(true);
    // One group more (two levels) is past both.
    expect(readProjectFile(projectFileWithRuleDepth(n + 1)).ok).toBe(false);
  });

  it("a bundle whose content is too deep is refused, not thrown", () => {
    const text = `{"manifest":{"formatVersion":1},"content":${deepGroupText(2_000)},"signature":null}`;
    const result = verifyBundleJson(parseJsonBytes(text, "bundle.json"));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        path: "content.children[0].children[0].children[0]…children[0].children[0].children[0].children",
        message: `nests objects and arrays deeper than ${MAX_DOCUMENT_JSON_DEPTH} levels`,
      },
    ]);
  });

  it("a file that is not JSON, nested 100,000 deep, is located by line and column, not thrown", () => {
    const depth = 100_000;
    // One "]" short: JSON.parse fails, and the scanner that finds where must not recurse.
    const text = `{"format":"syncwright-project","x":${"[".repeat(depth)}${"]".repeat(depth - 1)}}`;
    expect(readProjectFile(text, "p.json")).toEqual({
      ok: false,
      problems: [{ path: `p.json:1:${text.length}`, message: "not JSON: unexpected '}' at line 1, column 200035" }],
    });
  });
});
