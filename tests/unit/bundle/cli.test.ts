import fs from "node:fs";
import http from "node:http";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { Command, CommanderError } from "commander";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCommand, register, validateCommand, verifyCommand, type CliIo } from "@/lib/cli/commands/bundle";
import { CliExit } from "@/lib/cli/exit";
import { buildBundle } from "@/lib/bundle/build";
import { canonicalJson } from "@/lib/bundle/canonical-json";
import { toProjectFile } from "@/lib/bundle/project-file";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { contentHash } from "@/lib/metadata/content-hash";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { fieldSales, meta, testSigner } from "./fixtures";
import { DATAVERSE_DIR } from "../customization/fixtures";

const METADATA = path.join(DATAVERSE_DIR, "webapi-entitydefinitions");
const signer = testSigner();
const other = testSigner();
let dir: string;
let server: http.Server;
let keyUrl: string;
const file = (name: string) => path.join(dir, name);

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t.endsWith("\n") ? t : `${t}\n`),
    err: (t: string) => void (io.stderr += t.endsWith("\n") ? t : `${t}\n`),
  };
  return io;
}

/** Runs a command function; returns the exit code it ends with (0 when it returns) and its output. */
async function run(fn: (io: CliIo) => Promise<unknown>): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture();
  try {
    await fn(io);
    return { code: 0, stdout: io.stdout, stderr: io.stderr };
  } catch (e) {
    if (e instanceof CliExit) return { code: e.exitCode, stdout: io.stdout, stderr: io.stderr };
    throw e;
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bundle-cli-"));
  const snapshotHash = contentHash((await readMetadataSource(METADATA)).document);
  fs.writeFileSync(
    file("v1.json"),
    buildBundle(fieldSales(), meta({ metadataSnapshotHash: snapshotHash }), signer).bytes,
  );
  const changed = structuredClone(fieldSales());
  changed.tables[1].columns = changed.tables[1].columns.filter((c) => c !== "fax");
  changed.tables[1].syncFilter = {
    preset: "all",
    filter: {
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
    },
  };
  fs.writeFileSync(
    file("v2.json"),
    buildBundle(ProjectDocumentSchema.parse(changed), meta({ version: 2, metadataSnapshotHash: snapshotHash }), signer)
      .bytes,
  );
  fs.writeFileSync(file("forged.json"), buildBundle(fieldSales(), meta(), other).bytes);
  const tampered = JSON.parse(fs.readFileSync(file("v1.json"), "utf8")) as { content: { description: string } };
  tampered.content.description = "changed by hand";
  fs.writeFileSync(file("tampered.json"), canonicalJson(tampered));
  fs.writeFileSync(file("truncated.json"), fs.readFileSync(file("v1.json")).subarray(0, 300));
  fs.writeFileSync(file("key.pub.pem"), signer.publicKey.export({ format: "pem", type: "spki" }));
  // A reader that keeps the first of two keys sees the forged content; JSON.parse keeps the last, the signed one.
  const signed = fs.readFileSync(file("v1.json"), "utf8");
  fs.writeFileSync(file("two-contents.json"), signed.replace("{", '{"content":{"name":"forged"},\n'));
  fs.writeFileSync(file("sales.project.json"), toProjectFile(fieldSales()));
  const missing = structuredClone(fieldSales());
  missing.tables.push({
    ...missing.tables[0],
    tableName: "new_vehicle",
    columns: ["new_vehicleid"],
    views: [],
    forms: [],
  });
  fs.writeFileSync(file("missing-table.project.json"), toProjectFile(ProjectDocumentSchema.parse(missing)));

  const pem = signer.publicKey.export({ format: "pem", type: "spki" }).toString();
  server = http.createServer((req, res) => {
    if (req.url === "/key.pem") res.writeHead(200, { "content-type": "application/x-pem-file" }).end(pem);
    else if (req.url === "/jwks")
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: [{ ...signer.publicKey.export({ format: "jwk" }), kid: signer.keyId }] }));
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  keyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("syncwright validate", () => {
  it("exits 0 for a signed bundle valid against the real metadata, and says what it checked", async () => {
    const r = await run((io) =>
      validateCommand(file("v1.json"), { metadata: METADATA, publicKey: file("key.pub.pem") }, io),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /v1\.json: valid bundle: 'Field sales', 2 tables; version 1, content sha256 [0-9a-f]{12}; signature valid \(key [0-9a-f]{16}\); rules checked against the metadata/,
    );
    expect(r.stdout).not.toContain("not the snapshot");
  });

  it("exits 0 for a valid project file; without --metadata it says the rules were not checked", async () => {
    const r = await run((io) => validateCommand(file("sales.project.json"), {}, io));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid project file: 'Field sales', 2 tables; rules not checked (pass --metadata)");
  });

  it("exits 1 listing each problem with its location: a table missing from the metadata", async () => {
    const r = await run((io) => validateCommand(file("missing-table.project.json"), { metadata: METADATA }, io));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: tables\/new_vehicle: .*\[table_missing\]$/m);
    expect(r.stderr).toContain("invalid project file: 1 error");
  });

  it("names a project file that is not JSON a project file, with line and column", async () => {
    const text = fs.readFileSync(file("sales.project.json"), "utf8");
    fs.writeFileSync(file("cut.project.json"), text.slice(0, text.length / 2));
    const r = await run((io) => validateCommand(file("cut.project.json"), {}, io));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cut\.project\.json:\d+:\d+: not JSON: the text ends in the middle of a value/);
    expect(r.stderr).toContain("invalid project file: 1 error");
  });

  it("exits 1 for a tampered bundle, one signed by another key, and a truncated file", async () => {
    const tampered = await run((io) => validateCommand(file("tampered.json"), {}, io));
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain("error: manifest.contentSha256: the content does not match its hash");
    const forged = await run((io) => validateCommand(file("forged.json"), { publicKey: file("key.pub.pem") }, io));
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain(
      `error: signature.keyId: signed by key ${other.keyId}, but the public key given is ${signer.keyId}`,
    );
    const truncated = await run((io) => validateCommand(file("truncated.json"), {}, io));
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated\.json:1:301: not JSON: the text ends in the middle of a value/);
  });

  it("exits 2 for a missing file, an unreadable public key and a bad --format", async () => {
    expect((await run((io) => validateCommand(file("nope.json"), {}, io))).stderr).toContain("nope.json: no such file");
    expect((await run((io) => validateCommand(file("nope.json"), {}, io))).code).toBe(2);
    expect((await run((io) => validateCommand(file("v1.json"), { publicKey: file("v1.json") }, io))).code).toBe(2);
    expect((await run((io) => validateCommand(file("v1.json"), { format: "xml" }, io))).code).toBe(2);
    expect((await run((io) => validateCommand(file("v1.json"), { metadata: file("nothing-here") }, io))).code).toBe(2);
  });

  it("checks the project's roles against the roles a solution given as --metadata defines", async () => {
    // The real unpacked solution with one role file beside it, as `pac solution unpack` writes roles.
    const solution = file("solution-with-roles");
    fs.cpSync(path.join(DATAVERSE_DIR, "solution-unpacked"), solution, { recursive: true });
    fs.mkdirSync(path.join(solution, "Roles"));
    fs.writeFileSync(
      path.join(solution, "Roles", "Salesperson.xml"),
      '<Role id="{0c6f3b8e-1d2a-4e5f-8a9b-112233445566}" name="Salesperson"><RolePrivileges /></Role>',
    );
    const typo = structuredClone(fieldSales());
    typo.roles = [
      { roleName: "salesperson", priority: 10 },
      { roleName: "Sales Persn", priority: 5 },
    ];
    fs.writeFileSync(file("roles.project.json"), toProjectFile(ProjectDocumentSchema.parse(typo)));
    const roleFindings = async (metadata: string) => {
      const r = await run((io) => validateCommand(file("roles.project.json"), { metadata, format: "json" }, io));
      const report = JSON.parse(r.stdout) as { findings: Array<{ severity: string; code?: string; path: string }> };
      return report.findings.filter((f) => f.path.startsWith("roles")).map((f) => `${f.severity} ${f.code} ${f.path}`);
    };
    expect(await roleFindings(solution)).toEqual(["warning role_unverified roles/Sales%20Persn"]);
    // Web API JSON carries no roles: role names are not checked, and nothing is said of each.
    expect(await roleFindings(METADATA)).toEqual([]);
  });

  it("writes JSON with every finding", async () => {
    const r = await run((io) =>
      validateCommand(file("missing-table.project.json"), { metadata: METADATA, format: "json" }, io),
    );
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      errors: number;
      findings: Array<{ check: string; code?: string; path: string }>;
    };
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: "rules", code: "table_missing", path: "tables/new_vehicle" }),
    );
  });

  it("writes well-formed JUnit XML: one case per check and per table, errors as failures", async () => {
    const bad = await run((io) =>
      validateCommand(file("missing-table.project.json"), { metadata: METADATA, format: "junit" }, io),
    );
    expect(bad.code).toBe(1);
    expect(XMLValidator.validate(bad.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testcase" }).parse(
      bad.stdout,
    ) as {
      testsuites: {
        "@_failures": string;
        testsuite: { testcase: Array<{ "@_name": string; failure?: { "#text": string } }> };
      };
    };
    expect(doc.testsuites["@_failures"]).not.toBe("0");
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.find((c) => c["@_name"] === "rules: new_vehicle")?.failure?.["#text"]).toContain(
      "tables/new_vehicle:",
    );
    const good = await run((io) =>
      validateCommand(file("v1.json"), { metadata: METADATA, publicKey: file("key.pub.pem"), format: "junit" }, io),
    );
    expect(good.code).toBe(0);
    expect(XMLValidator.validate(good.stdout)).toBe(true);
    expect(good.stdout).toContain('failures="0"');
    // Messages with XML's special characters stay well-formed.
    const weird = path.join(dir, "we<ird>&'\".json");
    fs.writeFileSync(weird, "{ not json <&>");
    const escaped = await run((io) => validateCommand(weird, { format: "junit" }, io));
    expect(escaped.code).toBe(1);
    expect(XMLValidator.validate(escaped.stdout)).toBe(true);
  });
});

describe("syncwright verify", () => {
  it("verifies with a key file, a PEM URL and a JWKS URL", async () => {
    for (const key of [file("key.pub.pem"), `${keyUrl}/key.pem`, `${keyUrl}/jwks`]) {
      const r = await run((io) => verifyCommand(file("v1.json"), { publicKey: key }, io));
      expect(r.code, key).toBe(0);
      expect(r.stdout).toContain(`verified: 'Field sales' version 1, signed by key ${signer.keyId}`);
    }
  });

  it("exits 1 for tampering and another key, 2 for an unreachable key URL or no key", async () => {
    expect((await run((io) => verifyCommand(file("tampered.json"), { publicKey: file("key.pub.pem") }, io))).code).toBe(
      1,
    );
    const forged = await run((io) =>
      verifyCommand(file("forged.json"), { publicKey: file("key.pub.pem"), json: true }, io),
    );
    expect(forged.code).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({
      ok: false,
      signature: "invalid",
      keyId: other.keyId,
      expectedKeyId: signer.keyId,
    });
    const missing = await run((io) => verifyCommand(file("v1.json"), { publicKey: `${keyUrl}/nothing` }, io));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("the server answered 404");
    expect((await run((io) => verifyCommand(file("v1.json"), {}, io))).code).toBe(2);
  });
});

describe("a key given twice", () => {
  it("is refused by validate, verify and diff with its JSON path and line:column, exit 1", async () => {
    const twice = file("two-contents.json");
    const message = /two-contents\.json:2:\d+: duplicate key \$\.content \(first at line 1, column 2\)/;
    const validate = await run((io) => validateCommand(twice, { publicKey: file("key.pub.pem") }, io));
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(message);
    const verify = await run((io) => verifyCommand(twice, { publicKey: file("key.pub.pem") }, io));
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(message);
    const diff = await run((io) => diffCommand(file("v1.json"), twice, {}, io));
    expect(diff.code).toBe(1);
    expect(diff.stderr).toMatch(message);
  });
});

describe("syncwright diff", () => {
  it("prints the portal's words for two bundles, or a bundle and a project file", async () => {
    const r = await run((io) => diffCommand(file("v1.json"), file("v2.json"), { metadata: METADATA }, io));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("contact: columns removed: fax; sync filter changed: added 'Status is Active'\n");
    const same = await run((io) => diffCommand(file("sales.project.json"), file("v1.json"), {}, io));
    expect(same.stdout).toBe("no differences\n");
    expect((await run((io) => diffCommand(file("v1.json"), file("truncated.json"), {}, io))).code).toBe(1);
  });
});

describe("register", () => {
  it("adds validate, verify and diff; a bad --format or a missing --public-key is a usage error", async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    register(program);
    expect(program.commands.map((c) => c.name())).toEqual(["validate", "verify", "diff"]);
    for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    await expect(
      program.parseAsync(["node", "syncwright", "validate", file("v1.json"), "--format", "xml"]),
    ).rejects.toBeInstanceOf(CommanderError);
    await expect(program.parseAsync(["node", "syncwright", "verify", file("v1.json")])).rejects.toBeInstanceOf(
      CommanderError,
    );
  });
});

describe("the installed command (node bin/syncwright.cjs)", () => {
  const bin = path.resolve(process.cwd(), "bin/syncwright.cjs");
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });

  it("exits 0, 1 and 2 as documented for validate, verify and diff", () => {
    const ok = cli("validate", file("v1.json"), "--public-key", file("key.pub.pem"));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("valid bundle");
    const forged = cli("verify", file("forged.json"), "--public-key", file("key.pub.pem"));
    expect(forged.status).toBe(1);
    expect(forged.stderr).toContain("NOT verified");
    expect(cli("validate", file("v1.json"), "--format", "yaml").status).toBe(2);
    expect(cli("verify", file("v1.json")).status).toBe(2);
    expect(cli("validate", file("absent.json")).status).toBe(2);
    const diff = cli("diff", file("v1.json"), file("v2.json"));
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain("contact: columns removed: fax; sync filter changed: added 'statecode eq 0'");
  }, 120_000);
});
