import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleJsonSchemas } from "@/lib/bundle/json-schema";

describe("published JSON Schemas", () => {
  it("are committed in public/schema/ exactly as generated from the zod schemas (run npm run schema:generate)", () => {
    for (const [name, text] of Object.entries(bundleJsonSchemas())) {
      const file = path.resolve(process.cwd(), "public/schema", name);
      expect(fs.existsSync(file), `${file} is missing: run npm run schema:generate`).toBe(true);
      expect(fs.readFileSync(file, "utf8"), `${name} is out of date: run npm run schema:generate`).toBe(text);
    }
  });

  it("describe the manifest, the signature and the whole project document", () => {
    const bundle = JSON.parse(bundleJsonSchemas()["bundle.schema.json"]) as {
      required: string[];
      properties: {
        manifest: { required: string[] };
        content: { properties: Record<string, unknown> };
        signature: unknown;
      };
    };
    expect(bundle.required.sort()).toEqual(["content", "manifest"]);
    expect(bundle.properties.manifest.required.sort()).toEqual(
      [
        "contentSha256",
        "createdAt",
        "createdBy",
        "formatVersion",
        "metadataSnapshotHash",
        "minClientVersion",
        "projectId",
        "projectName",
        "version",
      ].sort(),
    );
    expect(Object.keys(bundle.properties.content.properties)).toEqual(
      expect.arrayContaining(["name", "roles", "settings", "tables"]),
    );
  });
});
