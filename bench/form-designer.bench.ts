// The form designer in a browser: keyboard move to preview painted on a 150-field, 8-tab form beside a 10-field
// baseline (bench/designer/designer.pw.ts, Playwright against the production build on E2E_PORT, default 3107).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Figure } from "@/bench/measure";

const ROOT = path.resolve(import.meta.dirname, "..");

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "designer-bench-"));
  const out = path.join(dir, "figures.json");
  const result = spawnSync("npx", ["playwright", "test", "-c", "bench/designer/playwright.config.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DESIGNER_BENCH_OUT: out,
      E2E_OUTPUT_DIR: process.env.E2E_OUTPUT_DIR ?? "test-results-bench",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`the designer bench failed (exit ${result.status})`);
  return JSON.parse(readFileSync(out, "utf8")) as Figure[];
}
