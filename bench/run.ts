// Runs every benchmark (bench/*.bench.ts) and prints one JSON line per figure. Measurements only: nothing here fails on a slow machine.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { Figure } from "@/bench/measure";

async function main(): Promise<void> {
  const only = process.argv[2];
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => !only || f.startsWith(only))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<Figure[]> };
    const figures = await mod.run();
    for (const figure of figures) {
      process.stdout.write(JSON.stringify({ bench: file.replace(/\.bench\.ts$/, ""), ...figure }) + "\n");
    }
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
