// The device route table and the route files under app/api/client/v1 agree: every table route has a route file
// that exports its method through withDevice with the table's own path, and no route file is missing from the
// table (it would answer under `next dev` and 404 behind the production server's node:http front).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEVICE_ROUTES, allowedMethods, matchDeviceRoute } from "@/lib/device-api/routes";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const API = path.join(ROOT, "app/api/client/v1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** The URL path a route file serves, as the App Router spells it. */
const pathOf = (file: string) =>
  "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function exportsOf(file: string): Array<{ method: string; path: string | null; tableMethod: string | null }> {
  const text = fs.readFileSync(file, "utf8");
  const out = [];
  for (const match of text.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b([^\n]*)/g)) {
    if (!HTTP_METHODS.includes(match[1])) continue;
    const call = /withDevice\(\s*"([^"]+)"\s*,\s*"([A-Z]+)"/.exec(match[2]);
    out.push({ method: match[1], path: call?.[1] ?? null, tableMethod: call?.[2] ?? null });
  }
  return out;
}

describe("device route table", () => {
  const files = routeFiles(API);

  it("finds the route files", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it("has a route file exporting each table route's method through withDevice with its own path", () => {
    for (const route of DEVICE_ROUTES) {
      const file = files.find((f) => pathOf(f) === route.path);
      expect(file, `no route file for ${route.method} ${route.path}`).toBeDefined();
      const exported = exportsOf(file!).find((e) => e.method === route.method);
      expect(exported, `${route.path}/route.ts does not export ${route.method}`).toBeDefined();
      expect(exported).toEqual({ method: route.method, path: route.path, tableMethod: route.method });
    }
  });

  it("has an entry for every method every route file exports", () => {
    for (const file of files) {
      const exports = exportsOf(file);
      expect(exports.length, `${pathOf(file)} exports no method`).toBeGreaterThan(0);
      for (const e of exports) {
        const inTable = DEVICE_ROUTES.some((r) => r.path === pathOf(file) && r.method === e.method);
        expect(inTable, `${e.method} ${pathOf(file)} is not in lib/device-api/routes.ts`).toBe(true);
        expect(e.path, `${e.method} ${pathOf(file)} does not serve its own table entry`).toBe(pathOf(file));
      }
    }
  });

  it("matches paths and their parameters as the App Router does", () => {
    expect(matchDeviceRoute("/api/client/v1/customization")?.routes.map((r) => r.method)).toEqual(["GET"]);
    const bundle = matchDeviceRoute(`/api/client/v1/bundles/${"a".repeat(64)}`);
    expect(bundle?.params).toEqual({ hash: "a".repeat(64) });
    expect(matchDeviceRoute("/api/client/v1/bundles/%E0")?.params).toEqual({ hash: "%E0" });
    expect(matchDeviceRoute("/api/client/v1/bundles/a/b")).toBeUndefined();
    expect(matchDeviceRoute("/api/client/v1/nothing")).toBeUndefined();
    expect(allowedMethods(bundle!.routes)).toBe("GET, HEAD");
  });
});
