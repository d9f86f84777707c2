// Every URL the app serves from a file, found on disk: pages, route handlers and metadata files under app/, and the
// static files under public/. The access-table tests walk it, so a route added later is covered without a word.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AppFile {
  /** The URL pattern: route groups left out, `[param]` kept as written. */
  pattern: string;
  kind: "page" | "handler" | "static";
  /** The repository-relative file. */
  file: string;
  /** GET for pages and static files; the exported handlers of a route file. */
  methods: string[];
  /** Per exported handler: the wrapper it is made with (withAdmin, withPublic, ...) and its permission or scope. */
  wrappers?: Array<{ method: string; name: string; permission?: string }>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Next's file conventions that are served as URLs of their own (https://nextjs.org/docs/app/api-reference/file-conventions/metadata). */
const METADATA_FILE =
  /^(icon|apple-icon|favicon|opengraph-image|twitter-image)\.\w+$|^(robots\.txt|sitemap\.xml|manifest\.(json|webmanifest))$/;

export function appFiles(): AppFile[] {
  const out: AppFile[] = [];
  const walkApp = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const file = path.relative(ROOT, full);
      if (entry.isDirectory()) {
        // Folders starting with "_" are private to Next; (group) folders add nothing to the URL.
        if (entry.name.startsWith("_")) continue;
        walkApp(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx?|jsx?|mdx)$/.test(entry.name)) {
        out.push({ pattern: "/" + segments.join("/"), kind: "page", file, methods: ["GET", "POST"] });
      } else if (/^route\.(tsx?|jsx?)$/.test(entry.name)) {
        const text = readFileSync(full, "utf8");
        const handlers = [
          ...text.matchAll(
            /^export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\s*=\s*(\w+)(?:<[^(]*>)?\(\s*(?:"([\w:-]+)")?/gm,
          ),
        ];
        out.push({
          pattern: "/" + segments.join("/"),
          kind: "handler",
          file,
          methods: handlers.map((m) => m[1]),
          wrappers: handlers.map((m) => ({ method: m[1], name: m[2], permission: m[3] })),
        });
      } else if (METADATA_FILE.test(entry.name)) {
        out.push({ pattern: "/" + [...segments, entry.name].join("/"), kind: "static", file, methods: ["GET"] });
      }
    }
  };
  const walkPublic = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walkPublic(full, [...segments, entry.name]);
      else
        out.push({
          pattern: "/" + [...segments, entry.name].join("/"),
          kind: "static",
          file: path.relative(ROOT, full),
          methods: ["GET"],
        });
    }
  };
  walkApp(path.join(ROOT, "app"), []);
  walkPublic(path.join(ROOT, "public"), []);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A concrete path for a pattern: each `[param]` gets a sample value. */
export function samplePath(pattern: string): string {
  return pattern.replace(/\[\.\.\.(\w+)\]/g, "sample").replace(/\[(\w+)\]/g, (_m, name: string) => `sample-${name}`);
}
