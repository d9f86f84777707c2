// CLI start-up: CPU time (user + system, every node process of the command: npx's own too) of `syncwright --help`
// and `syncwright validate <300-table bundle> --public-key <pem>` (no metadata), run as `node bin/syncwright.cjs`
// and as `npx syncwright`, beside `node -e 0` (and `npx -- node -e 0`), interleaved, min and median.
// CPU is reported by each node process itself at exit (a --require'd hook through NODE_OPTIONS), so it has
// microsecond resolution and counts npx's node processes too; the hook runs in the baselines as well.
// CLI_BENCH_BIN=<file> measures another entry (e.g. an older checkout's bin/syncwright.mjs) in place of bin/syncwright.cjs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { buildSyntheticOrg, syntheticOrgTexts } from "@/bench/synthetic-org";
import { allRowsWhereUnowned, buildProject } from "@/bench/customization.bench";
import { round, type Figure } from "@/bench/measure";
import { buildBundle } from "@/lib/bundle/build";
import { keyIdOf } from "@/lib/bundle/sign";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { contentHash } from "@/lib/metadata/content-hash";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";

const ROOT = path.resolve(import.meta.dirname, "..");
const ROUNDS = 7;
const NPX_ROUNDS = 5;

interface Variant {
  name: string;
  command: string;
  args: string[];
  baseline?: string;
  cpu: number[];
  wall: number[];
  codes: Set<number>;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: round(sorted[0], 1), median: round(sorted[Math.floor(sorted.length / 2)], 1) };
}

async function bundleFiles(dir: string): Promise<{ bundle: string; key: string }> {
  const org = buildSyntheticOrg({ tables: 300 });
  const texts = syntheticOrgTexts(org);
  const snapshot = normalizeWebApi(texts.map((t) => ({ name: t.name, json: JSON.parse(t.text) as unknown })));
  const project = ProjectDocumentSchema.parse(allRowsWhereUnowned(buildProject(snapshot), snapshot));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const built = buildBundle(
    project,
    {
      projectId: "bench",
      projectName: "Bench project",
      version: 1,
      createdAt: new Date().toISOString(),
      createdBy: "bench",
      metadataSnapshotHash: contentHash(snapshot),
      minClientVersion: "1.0.0",
    },
    { privateKey, keyId: keyIdOf(publicKey) },
  );
  const bundle = path.join(dir, "bundle.json");
  fs.writeFileSync(bundle, built.bytes);
  const key = path.join(dir, "key.pub.pem");
  fs.writeFileSync(key, publicKey.export({ format: "pem", type: "spki" }));
  return { bundle, key };
}

export async function run(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-cli-"));
  try {
    const { bundle, key } = await bundleFiles(dir);
    const hook = path.join(dir, "cpu-hook.cjs");
    const report = path.join(dir, "cpu.txt");
    fs.writeFileSync(
      hook,
      'process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").appendFileSync(process.env.BENCH_CPU_FILE, (u.user + u.system) / 1000 + "\\n"); });\n',
    );
    const env = { ...process.env, NODE_OPTIONS: `--require ${hook}`, BENCH_CPU_FILE: report };
    const bin = process.env.CLI_BENCH_BIN
      ? path.resolve(process.env.CLI_BENCH_BIN)
      : path.join(ROOT, "bin/syncwright.cjs");
    const validate = ["validate", bundle, "--public-key", key];
    const empty = path.join(dir, "empty.json");
    fs.writeFileSync(empty, "{}");
    const variant = (name: string, command: string, args: string[], baseline?: string): Variant => ({
      name,
      command,
      args,
      baseline,
      cpu: [],
      wall: [],
      codes: new Set(),
    });
    const node = process.execPath;
    const direct = [
      variant("node -e 0 (baseline)", node, ["-e", "0"]),
      variant("node bin/syncwright.cjs --help", node, [bin, "--help"], "node -e 0 (baseline)"),
      variant(
        "node bin/syncwright.cjs validate <300-table bundle> --public-key <pem>",
        node,
        [bin, ...validate],
        "node -e 0 (baseline)",
      ),
      // The same command on "{}" (refused at once): its start-up alone; the difference is the bundle's own checks.
      variant(
        "node bin/syncwright.cjs validate <{}> --public-key <pem> (start-up only)",
        node,
        [bin, "validate", empty, "--public-key", key],
        "node -e 0 (baseline)",
      ),
    ];
    const npx = [
      variant("npx -- node -e 0 (baseline for npx)", "npx", ["--no", "--", "node", "-e", "0"]),
      variant("npx syncwright --help", "npx", ["--no", "--", "syncwright", "--help"], "node -e 0 (baseline)"),
      variant(
        "npx syncwright validate <300-table bundle> --public-key <pem>",
        "npx",
        ["--no", "--", "syncwright", ...validate],
        "node -e 0 (baseline)",
      ),
    ];
    const once = (v: Variant) => {
      fs.writeFileSync(report, "");
      const started = performance.now();
      const result = spawnSync(v.command, v.args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      v.wall.push(performance.now() - started);
      v.codes.add(result.status ?? -1);
      const lines = fs.readFileSync(report, "utf8").trim().split("\n").filter(Boolean);
      v.cpu.push(lines.reduce((sum, line) => sum + Number(line), 0));
    };
    // One warm-up each (a stale build is rebuilt here, not in the figures), then interleaved rounds.
    for (const v of [...direct, ...npx]) once(v);
    for (const v of [...direct, ...npx]) [v.cpu, v.wall] = [[], []];
    for (let round = 0; round < ROUNDS; round++) for (const v of direct) once(v);
    for (let round = 0; round < NPX_ROUNDS; round++) for (const v of npx) once(v);

    const byName = new Map([...direct, ...npx].map((v) => [v.name, v]));
    const loadAverage = os.loadavg().map((l) => round(l, 2));
    return [...direct, ...npx].map((v) => {
      const cpu = stats(v.cpu);
      const wall = stats(v.wall);
      const base = v.baseline ? stats(byName.get(v.baseline)!.cpu) : undefined;
      const npxBase = v.command === "npx" && !v.name.includes("baseline") ? stats(npx[0].cpu) : undefined;
      return {
        name: `CPU time: ${v.name}`,
        value: cpu.median,
        unit: "ms",
        min: cpu.min,
        runs: v.cpu.length,
        ...(base
          ? { ratioToNodeBaseline: round(cpu.median / base.median, 2), ratioMinToMin: round(cpu.min / base.min, 2) }
          : {}),
        ...(npxBase ? { ratioToNpxBaseline: round(cpu.median / npxBase.median, 2) } : {}),
        wallMedianMs: wall.median,
        wallMinMs: wall.min,
        exitCodes: [...v.codes].join(","),
        loadAverage,
        ...(v.name.includes("bin/syncwright.cjs") && process.env.CLI_BENCH_BIN ? { via: bin } : {}),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
