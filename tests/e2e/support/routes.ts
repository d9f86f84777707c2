// Every page and route handler of the app, found on disk, so the access spec covers routes added later.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  path: string;
  kind: "page" | "handler";
  /** The HTTP methods the route answers: GET for pages, the exported handlers for route handlers. */
  methods: string[];
}

const APP = path.resolve(import.meta.dirname, "../../../app");

export function appRoutes(): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        // (group) folders add nothing to the URL; [param] gets a sample value.
        const segment = /^\(.*\)$/.test(entry.name)
          ? null
          : entry.name.replace(/^\[\.\.\.(.+)\]$/, "sample").replace(/^\[(.+)\]$/, "sample-$1");
        walk(path.join(dir, entry.name), segment === null ? segments : [...segments, segment]);
      } else if (/^page\.tsx?$/.test(entry.name)) {
        out.push({ path: "/" + segments.join("/"), kind: "page", methods: ["GET"] });
      } else if (/^route\.tsx?$/.test(entry.name)) {
        const text = readFileSync(path.join(dir, entry.name), "utf8");
        const methods = [
          ...text.matchAll(/^export\s+(?:async\s+function|function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/gm),
        ].map((m) => m[1]);
        out.push({ path: "/" + segments.join("/"), kind: "handler", methods });
      }
    }
  };
  walk(APP, []);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
