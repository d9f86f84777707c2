// The house's layering, checked on every run: lib/ never imports the layers that compose it (app/, components/,
// scripts/, the proxy, tests), a lib/ domain never imports a domain above its own, and no lib/ modules import
// each other in a circle. Imports are read with the TypeScript compiler's own pre-processor (static, type-only,
// re-exports and dynamic import() alike), so a new file cannot slip past.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LIB = path.join(ROOT, "lib");

/**
 * The domains of lib/, lowest first (DESIGN.md: metadata in -> configuration edited -> version published ->
 * devices download). A domain may import its own layer and the layers below; never one above. The top-level
 * files of lib/ (app-error.ts, problem.ts, ...) are the foundation every domain stands on.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  [
    "app-error",
    "config",
    "logger",
    "parse-input",
    "problem",
    "database-errors",
    "json-fault",
    "utf8",
    "crypto",
    "format",
    "data-folder",
    "http",
  ],
  ["db"],
  ["audit", "dataverse"],
  ["auth", "api-tokens", "environments"],
  ["metadata"],
  ["filters"],
  // Views, forms and their rules are part of the configuration model: the two domains use each other's modules.
  ["customization", "forms"],
  ["bundle"],
  ["versions"],
  ["devices"],
  ["device-api", "cli"],
  // What the running server removes on its own (sync history, ended sessions, spent links): it composes the layers below.
  ["housekeeping"],
];

/** Folders outside lib/ that compose it: lib/ never reaches up into them. */
const ABOVE_LIB = ["app", "components", "scripts", "tests", "bench", "proxy.ts"];

/**
 * Known exceptions, each to be removed by the change named beside it. Keys are "from -> to" (repo paths).
 */
const ALLOWED_IMPORTS: Record<string, string> = {};

const EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", ".js"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(LIB, "db", "generated")) out.push(...sourceFiles(full));
    } else if (EXTENSIONS.some((e) => entry.name.endsWith(e)) && !/\.d\.m?ts$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** The repo file an import names, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  // An import of a file that does not exist is for tsc to report; keep its path so layers still apply.
  return found ?? base;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => resolve(file, f.fileName)).filter((f): f is string => f !== null);
}

/** "metadata" for lib/metadata/data.ts, "problem" for lib/problem.ts. */
function domainOf(repoPath: string): string {
  const [, first] = repoPath.split("/");
  return first.replace(/\.(ts|tsx|mts|mjs|js)$/, "");
}

const LAYER_OF = new Map(LAYERS.flatMap((domains, i) => domains.map((d) => [d, i] as const)));

const files = sourceFiles(LIB).sort();
const graph = new Map(files.map((f) => [rel(f), importsOf(f).map(rel)]));

describe("lib/ layering", () => {
  it("gives every domain of lib/ a place in the layer order", () => {
    const domains = new Set([...graph.keys()].map(domainOf));
    expect([...domains].filter((d) => !LAYER_OF.has(d))).toEqual([]);
  });

  it("never imports app/, components/, scripts/ or anything else that composes lib/", () => {
    const offending: string[] = [];
    for (const [from, targets] of graph)
      for (const to of targets)
        if (ABOVE_LIB.some((top) => to === top || to.startsWith(`${top}/`))) offending.push(`${from} -> ${to}`);
    expect(offending).toEqual([]);
  });

  it("never imports a domain above its own", () => {
    const offending: string[] = [];
    for (const [from, targets] of graph) {
      const own = LAYER_OF.get(domainOf(from)) ?? 0;
      for (const to of targets) {
        if (!to.startsWith("lib/")) continue;
        const theirs = LAYER_OF.get(domainOf(to));
        if (theirs !== undefined && theirs > own && !ALLOWED_IMPORTS[`${from} -> ${to}`])
          offending.push(`${from} (${domainOf(from)}) -> ${to} (${domainOf(to)})`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("has no import circle", () => {
    // Tarjan's strongly connected components: every component of more than one file is a circle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string) => {
      indexOf.set(v, index);
      low.set(v, index);
      index++;
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!indexOf.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
        }
      }
      if (low.get(v) === indexOf.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        const selfImport = component.length === 1 && (graph.get(v) ?? []).includes(v);
        if (component.length > 1 || selfImport) circles.push(component.sort());
      }
    };
    for (const file of graph.keys()) if (!indexOf.has(file)) visit(file);
    expect(circles.map((c) => c.join(" <-> "))).toEqual([]);
  });

  it("reads type-only imports, re-exports and dynamic import() as imports", () => {
    // The checks above run over the real tree; this proves the import reading sees type-only and dynamic imports.
    const info = ts.preProcessFile(
      'import type { A } from "@/lib/versions/schema";\nexport { b } from "./b";\nconst c = await import("@/app/x");',
      true,
      true,
    );
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(["@/lib/versions/schema", "./b", "@/app/x"]);
  });
});
