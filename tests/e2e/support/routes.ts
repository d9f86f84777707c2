// Every page and route handler of the app, found on disk, so the access spec covers routes added later.
import { readdirSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  path: string;
  kind: "page" | "handler";
}

const APP = path.resolve(import.meta.dirname, "../../../app");

export function appRoutes(): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        // (group) folders add nothing to the URL; [param] gets a sample value.
        const segment = /^\(.*\)$/.test(entry.name) ? null : entry.name.replace(/^\[\.\.\.(.+)\]$/, "sample").replace(/^\[(.+)\]$/, "sample-$1");
        walk(path.join(dir, entry.name), segment === null ? segments : [...segments, segment]);
      } else if (/^page\.tsx?$/.test(entry.name)) {
        out.push({ path: "/" + segments.join("/"), kind: "page" });
      } else if (/^route\.tsx?$/.test(entry.name)) {
        out.push({ path: "/" + segments.join("/"), kind: "handler" });
      }
    }
  };
  walk(APP, []);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
