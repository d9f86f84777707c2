import fs from "node:fs";
import * as z from "zod";
const { BundleSchema } = await import("@/lib/bundle/schema");
const raw = JSON.parse(fs.readFileSync("/tmp/clib/bundle.json", "utf8"));
let t = performance.now();
let S: any = BundleSchema;
if (process.env.COMPILE) { try { S = z.compile(BundleSchema, { strict: true }); } catch (e) { console.log("refused:", (e as Error).message); S = BundleSchema; } }
console.log("compile", (performance.now() - t).toFixed(1));
for (let i = 0; i < Number(process.env.N ?? 5); i++) {
  t = performance.now();
  const r = S.safeParse(raw);
  console.log(i, (performance.now() - t).toFixed(1), r.success);
}
