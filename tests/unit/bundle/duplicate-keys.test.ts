// One strict JSON reader for bundles and project files: a key given twice in one object is refused with its JSON
// path and line:column, wherever such a file is read (CLI validate, verify, diff, import; the portal's import).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findDuplicateKey, keysIn, keyTokens, parseJsonBytes } from "@/lib/bundle/json-text";
import { parseProjectFile, readProjectFile, toProjectFile } from "@/lib/bundle/project-file";
import { verifyBundle } from "@/lib/bundle/verify";
import { buildBundle } from "@/lib/bundle/build";
import { AppError } from "@/lib/app-error";
import { importCommand } from "@/lib/cli/commands/portal";
import { fieldSales, meta, testSigner } from "./fixtures";

describe("findDuplicateKey", () => {
  it("finds a key given twice, at any depth, with its JSON path", () => {
    const cases: Array<[string, string]> = [
      ['{"a":1,"a":2}', "$.a"],
      ['{"content":{"x":1},\n"manifest":{},"content":{}}', "$.content"],
      ['{"project":{"tables":[{"n":1},{"n":2,"n":3}]}}', "$.project.tables[1].n"],
      ['[[{"a":1}],[{"b":1,"b":1}]]', "$[1][0].b"],
      ['{"odd key":{"x":1,"x":1}}', '$["odd key"].x'],
      ['{"content":1,"\\u0063ontent":2}', "$.content"], // the same key, escaped
      ['{"a\\"b":1,"a\\"b":2}', '$["a\\"b"]'],
      ['{"a\\\\":1,"a\\\\":2}', '$["a\\\\"]'],
      ['{"":1,"":2}', '$[""]'],
    ];
    for (const [text, where] of cases) {
      expect(() => JSON.parse(text), text).not.toThrow();
      expect(findDuplicateKey(text)?.path, text).toBe(where);
    }
  });

  it("does not mistake keys of sibling objects, string contents or values for duplicates", () => {
    for (const text of [
      '{"a":{"x":1},"b":{"x":1}}',
      '[{"a":1},{"a":1}]',
      '{"a":"{\\"b\\":1,\\"b\\":2}","b":"a"}',
      '{"a":["a","a"],"b":{"a":"a"}}',
      '{"a\\\\":1,"a":2}',
      '{"a":1,"A":2}',
    ]) {
      expect(findDuplicateKey(text), text).toBeUndefined();
    }
  });

  it("never overflows the stack on nesting JSON.parse accepts", () => {
    const deep = "[".repeat(100_000) + '{"a":1,"a":2}' + "]".repeat(100_000);
    expect(findDuplicateKey(deep)?.path).toBe("$" + "[0]".repeat(100_000) + ".a");
  }, 60_000);
});

describe("keyTokens and keysIn (the fast test before the scan)", () => {
  it("count the same keys exactly when no key is given twice", () => {
    const texts = [
      JSON.stringify({ a: 1, b: { c: [{ d: "x:y" }, { e: 'a\\":', f: "\\" }] } }),
      JSON.stringify({ 'a\\"': '"\\', b: ":" }),
      '[{"a":1},{"a":1}]',
      '{"__proto__":{"a":1},"b":2}',
      '"just: a string"',
      "[1, 2, {}]",
      '{ "a" : 1 , "b" : { } }',
    ];
    for (const text of texts) expect(keyTokens(text), text).toBe(keysIn(JSON.parse(text)));
    for (const text of ['{"a":1,"a":2}', '{"a":{"x":1,"y":2},"a":{"x":1,"y":2,"z":3}}', '[{"a":{"b":1,"b":1}}]']) {
      expect(keyTokens(text), text).toBeGreaterThan(keysIn(JSON.parse(text)));
    }
  });
});

describe("parseJsonBytes", () => {
  it("names the second key's line and column and where the first one is", () => {
    const result = parseJsonBytes('{\n  "content": {},\n  "manifest": {},\n  "content": {}\n}', "b.json");
    expect(result).toEqual({
      ok: false,
      problem: {
        path: "b.json:4:3",
        message: "duplicate key $.content (first at line 2, column 3): each key may appear once",
      },
    });
  });
});

describe("bundles and project files with a key given twice", () => {
  const signer = testSigner();
  const bundle = new TextDecoder().decode(buildBundle(fieldSales(), meta(), signer).bytes);

  it("a signed bundle with a second, unsigned content is refused, not verified", () => {
    expect(verifyBundle(new TextEncoder().encode(bundle), { publicKey: signer.publicKey }).ok).toBe(true);
    const twice = bundle.replace("{", '{"content":{"name":"forged"},');
    const result = verifyBundle(new TextEncoder().encode(twice), { publicKey: signer.publicKey, name: "b.json" });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain("duplicate key $.content");
  });

  it("a project file with a key given twice is refused by the reader the portal's import uses", () => {
    const text = toProjectFile(fieldSales()).replace('"formatVersion": 1,', '"formatVersion": 1,\n  "format": "x",');
    const result = readProjectFile(text, "p.json");
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: "p.json:4:3", message: "duplicate key $.format (first at line 2, column 3): each key may appear once" },
      ],
    });
    expect(() => parseProjectFile(text, "p.json")).toThrow(AppError);
    expect(() => parseProjectFile(text, "p.json")).toThrow(/^p\.json:4:3: duplicate key \$\.format/);
  });

  it("syncwright import refuses it before calling the portal, exit 1", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-dup-"));
    try {
      const file = path.join(dir, "p.json");
      fs.writeFileSync(
        file,
        toProjectFile(fieldSales()).replace('"formatVersion": 1,', '"formatVersion": 1,\n  "format": "x",'),
      );
      let err = "";
      const code = await importCommand(
        file,
        { into: "Field sales", url: "http://127.0.0.1:9", token: "not-used" },
        { out: () => {}, err: (t) => void (err += t) },
      );
      expect(code).toBe(1);
      expect(err).toContain(`${file}:4:3: duplicate key $.format (first at line 2, column 3)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
