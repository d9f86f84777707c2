// Every command line of the README's "Command line" and "Bundle format" sections, as written, run by the installed
// command (node bin/syncwright.cjs, the prebuilt CLI) against a real portal (the route handlers over HTTP, a real
// SQLite file): each optional part both left out and given, each alternative, placeholders filled with real files.
// Every one must exit 0; a usage error (2) means the README documents a command line that does not work.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { loadTableConfig } from "@/lib/customization/data";
import { createApiToken } from "@/lib/api-tokens/mutations";
import * as exportRoute from "@/app/api/v1/projects/[project]/export/route";
import * as importRoute from "@/app/api/v1/projects/[project]/import/route";
import * as importNewRoute from "@/app/api/v1/projects/import/route";
import * as publishRoute from "@/app/api/v1/projects/[project]/publish/route";
import * as bundleRoute from "@/app/api/v1/projects/[project]/versions/[number]/bundle/route";
import { serverSigningKeys } from "@/lib/versions/server-signer";
import { startRouteServer, type RouteServer } from "../support/route-server";
import { createTempDir, createTestSqlite } from "../support/test-database";

const ROOT = process.cwd();
const BIN = path.join(ROOT, "bin/syncwright.cjs");
const DATA = path.resolve(ROOT, "../shared/data/dataverse");
const WEBAPI = path.join(DATA, "webapi-entitydefinitions");
const NONPROFIT_ZIP = path.join(DATA, "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip");

// ---------- the README's command lines ----------

/** The `syncwright ...` lines of the ```sh blocks in a README section, without their comments. */
export function commandLines(readme: string, section: string): string[] {
  const start = readme.indexOf(`\n## ${section}\n`);
  if (start === -1) throw new Error(`the README has no section '${section}'`);
  const end = readme.indexOf("\n## ", start + 1);
  const body = readme.slice(start, end === -1 ? undefined : end);
  const lines: string[] = [];
  for (const block of body.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      if (command.startsWith("syncwright ")) lines.push(command);
    }
  }
  return lines;
}

type Part = string | { optional: boolean; alternatives: Part[][] };

/** Words, [optional] and (required) groups, a | b alternatives; <placeholders> stay one word, "|" and all. */
function parse(line: string): Part[][] {
  const tokens = line.match(/[[\]()|]|(?:[^\s[\]()|<]|<[^>]*>)+/g) ?? [];
  let at = 0;
  const group = (): Part[][] => {
    const alternatives: Part[][] = [[]];
    while (at < tokens.length) {
      const token = tokens[at++];
      if (token === "|") alternatives.push([]);
      else if (token === "]" || token === ")") return alternatives;
      else if (token === "[" || token === "(")
        alternatives.at(-1)!.push({ optional: token === "[", alternatives: group() });
      else alternatives.at(-1)!.push(token);
    }
    return alternatives;
  };
  return group();
}

function expand(alternatives: Part[][]): string[][] {
  return alternatives.flatMap((sequence) =>
    sequence.reduce<string[][]>(
      (heads, part) => {
        const tails =
          typeof part === "string" ? [[part]] : [...(part.optional ? [[]] : []), ...expand(part.alternatives)];
        return heads.flatMap((head) => tails.map((tail) => [...head, ...tail]));
      },
      [[]],
    ),
  );
}

/** Every concrete command line a synopsis stands for, as argument lists (without the leading `syncwright`). */
export function variants(line: string): string[][] {
  return expand(parse(line)).map((words) => words.slice(1));
}

// ---------- a real portal ----------

let db: Db;
let server: RouteServer;
let projectId: string;
let actor: { id: string; label: string };
let work: { dir: string; cleanup(): void };
let dataDir: { dir: string; cleanup(): void };
let cleanup: () => Promise<void>;
let token: string;
const saved: Record<string, string | undefined> = {};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function syncwright(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: work.dir,
      env: { ...process.env, SYNCWRIGHT_URL: server.url, SYNCWRIGHT_TOKEN: token },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const database = await createTestSqlite();
  dataDir = createTempDir("syncwright-data-");
  work = createTempDir("syncwright-readme-");
  for (const key of ["DATABASE_URL", "SYNCWRIGHT_DATA_DIR"]) saved[key] = process.env[key];
  process.env.DATABASE_URL = database.url;
  process.env.SYNCWRIGHT_DATA_DIR = dataDir.dir;
  resetConfigForTests();
  db = createDbClient(database.url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  actor = { id: ada.id, label: "Ada <ada@example.com>" };
  const env = await db.environment.create({ data: { name: "Contoso" } });
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId: env.id,
    source: "webapi-json",
    sourceName: "webapi",
    document: (await readMetadataSource(WEBAPI)).document,
  });
  ({ id: projectId } = await createProject(db, actor, {
    name: "Field sales",
    description: "For the field",
    environmentId: env.id,
    snapshotId: snapshot.id,
    roles: [{ roleName: "Salesperson", priority: 10 }],
  }));
  await enableTables(db, actor, { projectId, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
  token = (await createApiToken(db, actor, { name: "README", scopes: ["projects:read", "projects:write", "publish"] }))
    .token;
  const project = "(?<project>[^/]+)";
  server = await startRouteServer([
    { method: "GET", pattern: new RegExp(`^/api/v1/projects/${project}/export$`), handler: exportRoute.GET },
    { method: "POST", pattern: /^\/api\/v1\/projects\/import$/, handler: importNewRoute.POST },
    { method: "POST", pattern: new RegExp(`^/api/v1/projects/${project}/import$`), handler: importRoute.POST },
    { method: "POST", pattern: new RegExp(`^/api/v1/projects/${project}/publish$`), handler: publishRoute.POST },
    {
      method: "GET",
      pattern: new RegExp(`^/api/v1/projects/${project}/versions/(?<number>[^/]+)/bundle$`),
      handler: bundleRoute.GET,
    },
    // The key the portal signs with, as app/.well-known/syncwright-signing-key serves it (that route reads Next's
    // request headers for its request id, which only a Next server has).
    {
      method: "GET",
      pattern: /^\/\.well-known\/syncwright-signing-key$/,
      handler: async () =>
        new Response(serverSigningKeys().publicKeyPem, { headers: { "content-type": "application/x-pem-file" } }),
    },
  ]);

  // The files the command lines name, in the folder they run in.
  fs.symlinkSync(WEBAPI, path.join(work.dir, "metadata"));
  fs.writeFileSync(
    path.join(work.dir, "contact.fetchxml"),
    '<fetch><entity name="contact"><filter><condition attribute="statecode" operator="eq" value="0"/></filter></entity></fetch>\n',
  );
  const filter = await syncwright(["filter", "from-fetchxml", "contact.fetchxml"]);
  expect(filter.code, filter.stderr).toBe(0);
  fs.writeFileSync(path.join(work.dir, "filter.json"), filter.stdout);
  const key = await fetch(`${server.url}/.well-known/syncwright-signing-key`);
  expect(key.status).toBe(200);
  fs.writeFileSync(path.join(work.dir, "key.pub.pem"), await key.text());

  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
    dataDir.cleanup();
    work.cleanup();
  };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
});

/** What each placeholder of the README stands for here. */
function fill(word: string): string {
  const values: Record<string, string> = {
    "<file-or-folder>": "./metadata",
    "<a>": "./metadata",
    "<b>": NONPROFIT_ZIP,
    "<file>": "contact.fetchxml",
    "<m>": "./metadata",
    "<t>": "contact",
    "<filter.json>": "filter.json",
    "<id|name>": "Field sales",
    "<project>": "Field sales",
    "<name>": "Field sales copy",
    "<lcid>": "1033",
    "<email>": "ada@example.com",
    N: "1",
    "...": "Nightly build",
  };
  return values[word] ?? word.replace("https://<portal>", server.url);
}

/** The lines a portal refuses for a reason of its own (exit 1), here because the project exists already. */
const REFUSED: Record<string, RegExp> = {
  "syncwright import project.json --as-new": /A project named 'Field sales' already exists/,
};

/** A change before each publish, so each publishes new content. */
let publishes = 0;
async function changeProject(): Promise<void> {
  const contact = await loadTableConfig(db, projectId, "contact");
  const extra = ["fax", "telephone1", "mobilephone"][publishes++ % 3];
  await saveTableConfig(db, actor, {
    projectId,
    tableName: "contact",
    revision: contact.revision,
    config: { ...contact.config, columns: [...new Set([...contact.config.columns, extra])] },
  });
}

describe("the README's command lines", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const commandLine = commandLines(readme, "Command line");
  const bundleFormat = commandLines(readme, "Bundle format");

  it("are found, and the reference line names exactly the Bundle format's commands", () => {
    expect(commandLine.length).toBeGreaterThanOrEqual(9);
    expect(bundleFormat.length).toBeGreaterThanOrEqual(3);
    const reference = commandLine.filter((line) => line.endsWith(" ..."));
    expect(reference).toEqual(["syncwright validate | verify | diff ..."]);
    expect(new Set(bundleFormat.map((line) => line.split(" ")[1]))).toEqual(new Set(["validate", "verify", "diff"]));
  });

  it("each run as written and exit 0", async () => {
    const ran: string[] = [];
    const lines = [...commandLine.filter((line) => !line.endsWith(" ...")), ...bundleFormat];
    for (const line of lines) {
      if (line.startsWith("syncwright diff ")) {
        // The Bundle format's diff reads two pulled versions.
        for (const [version, file] of [
          ["1", "v1.json"],
          ["2", "v2.json"],
        ]) {
          const pulled = await syncwright(["pull", "--project", "Field sales", "--version", version, "-o", file]);
          expect(pulled.code, pulled.stderr).toBe(0);
        }
      }
      for (const variant of variants(line)) {
        const redirect = variant.indexOf(">");
        const args = (redirect === -1 ? variant : variant.slice(0, redirect)).map(fill);
        // Forms and views come from a solution (the Web API files here carry none): the Nonprofit zip, and for
        // --form <id> / --view <id> a real main form and view of its contact table.
        if (args[0] === "metadata" && (args[1] === "forms" || args[1] === "views")) args[2] = NONPROFIT_ZIP;
        for (const [flag, list, pick] of [
          ["--form", "forms", (f: { kind: string }) => f.kind === "main"],
          ["--view", "views", () => true],
        ] as const) {
          const at = args.indexOf(flag);
          if (at === -1) continue;
          const listed = await syncwright(["metadata", list, args[2], "--table", "contact", "--json"]);
          const items = (JSON.parse(listed.stdout) as Record<string, Array<{ id: string; kind: string }>>)[list];
          args[at + 1] = items.find(pick)!.id;
        }
        if (args[0] === "publish") await changeProject();
        const result = await syncwright(args);
        const shown = `syncwright ${args.join(" ")}${redirect === -1 ? "" : ` > ${variant[redirect + 1]}`}`;
        const refusal = REFUSED[shown];
        expect(result.code, `${shown}\n${result.stderr}`).toBe(refusal ? 1 : 0);
        if (refusal) expect(result.stderr).toMatch(refusal);
        // It reached the command it names: pull says which version it wrote (not the program's version).
        if (args[0] === "pull") {
          const version = args.includes("--version") ? args[args.indexOf("--version") + 1] : "\\d+";
          expect(result.stderr).toMatch(new RegExp(`^Pulled version ${version} of 'Field sales' to bundle\\.json`));
        }
        if (redirect !== -1) fs.writeFileSync(path.join(work.dir, variant[redirect + 1]), result.stdout);
        ran.push(shown);
      }
    }
    // What the lines did: two versions published, the README's pull read one, a report for CI.
    expect(ran).toContain("syncwright pull --project Field sales --version 1 -o bundle.json");
    expect(ran).toContain("syncwright import project.json --as-new");
    expect(fs.readFileSync(path.join(work.dir, "report.xml"), "utf8")).toContain("<testsuite");
    expect(await db.version.count({ where: { projectId } })).toBeGreaterThanOrEqual(2);
    expect(ran.length).toBeGreaterThanOrEqual(25);
  }, 300_000);

  it("expand optional parts, alternatives and required groups", () => {
    expect(variants("syncwright import project.json (--into <project> [--yes] | --as-new)")).toEqual([
      ["import", "project.json", "--into", "<project>"],
      ["import", "project.json", "--into", "<project>", "--yes"],
      ["import", "project.json", "--as-new"],
    ]);
    expect(variants("syncwright x (--a | --b [--name <name>])").map((v) => v.join(" "))).toEqual([
      "x --a",
      "x --b",
      "x --b --name <name>",
    ]);
    expect(variants("syncwright pull --project <id|name> [--version N] -o bundle.json")).toEqual([
      ["pull", "--project", "<id|name>", "-o", "bundle.json"],
      ["pull", "--project", "<id|name>", "--version", "N", "-o", "bundle.json"],
    ]);
  });
});
