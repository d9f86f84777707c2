import fs from "node:fs";
import { config } from "zod";
if (process.env.JITLESS) config({ jitless: true });
const { BundleSchema } = await import("@/lib/bundle/schema");
const raw = JSON.parse(fs.readFileSync("/tmp/clib/bundle.json", "utf8"));
for (let i = 0; i < Number(process.env.N ?? 5); i++) {
  const t = performance.now();
  const r = BundleSchema.safeParse(raw);
  console.log(i, (performance.now() - t).toFixed(1), r.success);
}
