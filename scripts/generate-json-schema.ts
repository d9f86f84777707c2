// Writes the JSON Schemas of the bundle and the project file into public/schema/ from the zod schemas.
// `npm run schema:generate` after changing a schema; `-- --check` exits 1 when the committed files are stale.
import fs from "node:fs";
import path from "node:path";
import { bundleJsonSchemas } from "@/lib/bundle/json-schema";

const dir = path.resolve(import.meta.dirname, "..", "public", "schema");
const check = process.argv.includes("--check");
let stale = 0;
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(bundleJsonSchemas())) {
  const file = path.join(dir, name);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (current === text) continue;
  if (check) {
    process.stderr.write(`${path.relative(process.cwd(), file)} is out of date: run npm run schema:generate\n`);
    stale++;
  } else {
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
