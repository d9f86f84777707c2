// The published JSON Schemas of the bundle and the project file, generated from the zod schemas (never
// written by hand). scripts/generate-json-schema.ts writes them to public/schema/; a unit test keeps them current.
import { z } from "zod";
import { BundleSchema, ProjectFileSchema } from "./schema";

/** Where the portal serves the schemas (public/schema/ is served as /schema/). */
export const SCHEMA_URL_PATH = "/schema";

function schemaText(schema: z.ZodType, title: string, io: "input" | "output"): string {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "throw" });
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}

/** File name in public/schema/ -> its text. */
export function bundleJsonSchemas(): Record<string, string> {
  return {
    // A bundle is always written by the server, complete: the schema describes what is in the file.
    "bundle.schema.json": schemaText(BundleSchema, "Syncwright customization bundle", "output"),
    // A project file may be written by hand: defaults may be left out, as import accepts.
    "project.schema.json": schemaText(ProjectFileSchema, "Syncwright project file", "input"),
  };
}
