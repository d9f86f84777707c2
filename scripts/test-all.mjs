#!/usr/bin/env node
// `npm test`: every check, in order: typecheck, lint, unit and integration tests (Vitest), the production
// build, and the end-to-end tests (Playwright in Chromium). Stops at the first failing step.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);

const steps = [
  ["typecheck", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]],
  ["lint", [bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"]],
  ["format", [bin("prettier", "bin/prettier.cjs"), "--check", "--log-level=warn", "."]],
  ["unit + integration tests", [bin("vitest", "vitest.mjs"), "run"]],
  ["production build", [bin("next", "dist/bin/next"), "build"]],
  ["end-to-end tests", [bin("@playwright/test", "cli.js"), "test"]],
];

const only = process.argv.slice(2);
const started = Date.now();
for (const [name, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
