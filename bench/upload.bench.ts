// Metadata uploads through the production server's upload front (lib/environments/upload-front.ts, the path
// `npm start` serves): peak and after-import RSS of a server process receiving a large Web API JSON upload,
// beside the baseline of a bare parse of the same files (read + JSON.parse, all kept, as an import needs them)
// in another process, alternated A/B; the 1,000-table synthetic org uploaded with SYNCWRIGHT_MAX_UPLOAD_MB
// raised; and the time to refuse the probe's overlapping zip (issue 13) beside a health check's round trip.
// Each side runs in its own child process (so peaks do not mix); the parent streams files from disk.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { round, type Figure } from "./measure";

const ROUNDS = 5;
const EXEC_ARGV = ["--conditions=react-server", "--import", "tsx", "--expose-gc"];

interface ChildReport {
  idleRss: number;
  peakRss: number;
  afterRss: number;
}

function mb(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function loadAverage(): number[] {
  return os.loadavg().map((n) => round(n, 2));
}

/** Writes the synthetic org's responses as files, the way an admin's export folder holds them. */
async function writeOrg(dir: string, tables: number): Promise<{ files: string[]; bytes: number }> {
  const { buildSyntheticOrg, syntheticOrgTexts } = await import("@/bench/synthetic-org");
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  const files: string[] = [];
  for (const { name, text } of syntheticOrgTexts(buildSyntheticOrg({ tables }))) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

function child(mode: string, args: string[], env: Record<string, string> = {}) {
  return fork(import.meta.filename, ["--child", mode, ...args], {
    execArgv: EXEC_ARGV,
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}

function message<T>(proc: ReturnType<typeof fork>): Promise<T> {
  return new Promise((resolve, reject) => {
    proc.once("message", (m) => resolve(m as T));
    proc.once("exit", (code) => reject(new Error(`bench child exited (${code})`)));
  });
}

/** Baseline: a bare parse of the same files in a fresh process. */
async function bareParse(listFile: string): Promise<ChildReport> {
  const proc = child("bare", [listFile]);
  const report = await message<ChildReport>(proc);
  proc.kill();
  return report;
}

/** The upload front in a fresh process; the parent uploads the files to it. */
async function serverUpload(
  listFile: string,
  limitMb: number,
): Promise<ChildReport & { status: number; ms: number; tables: number }> {
  const proc = child("server", [], { SYNCWRIGHT_MAX_UPLOAD_MB: String(limitMb) });
  const ready = await message<{ url: string; cookie: string; environmentId: string }>(proc);
  const files = JSON.parse(fs.readFileSync(listFile, "utf8")) as string[];
  const form = new FormData();
  for (const file of files) form.append("files", await fs.openAsBlob(file), path.basename(file));
  const started = performance.now();
  const response = await fetch(`${ready.url}/api/environments/${ready.environmentId}/upload`, {
    method: "POST",
    body: form,
    headers: { cookie: ready.cookie },
  });
  const body = (await response.json()) as { snapshot?: { tableCount: number }; detail?: string };
  const ms = performance.now() - started;
  if (!body.snapshot) throw new Error(`upload refused (${response.status}): ${body.detail}`);
  const waiting = message<ChildReport>(proc);
  proc.send("report");
  const report = await waiting;
  proc.kill();
  return { ...report, status: response.status, ms, tables: body.snapshot.tableCount };
}

async function refusalTimes(): Promise<{ refusal: number[]; health: number[] }> {
  const { overlappingZip } = await import("@/tests/support/hostile-zips");
  const proc = child("server", []);
  const ready = await message<{ url: string; cookie: string; environmentId: string }>(proc);
  const zip = overlappingZip();
  const refusal: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let started = performance.now();
    const form = new FormData();
    form.append("files", new Blob([zip as BlobPart]), "overlap.zip");
    const response = await fetch(`${ready.url}/api/environments/${ready.environmentId}/upload`, {
      method: "POST",
      body: form,
      headers: { cookie: ready.cookie },
    });
    await response.text();
    if (response.status !== 413) throw new Error(`the overlapping zip was not refused (${response.status})`);
    refusal.push(performance.now() - started);
    started = performance.now();
    await (await fetch(`${ready.url}/health`)).text();
    health.push(performance.now() - started);
  }
  proc.kill();
  return { refusal, health };
}

export async function run(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-upload-"));
  const figures: Figure[] = [];
  try {
    // ~108 MB of Web API JSON (the probe's upload size), and the 1,000-table org (~210 MB).
    const large = await writeOrg(path.join(dir, "large"), 520);
    const largeList = path.join(dir, "large.json");
    fs.writeFileSync(largeList, JSON.stringify(large.files));
    const bare: ChildReport[] = [];
    const served: Array<ChildReport & { ms: number; tables: number }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await bareParse(largeList));
      served.push(await serverUpload(largeList, Math.ceil(large.bytes / 1024 / 1024) + 10));
    }
    const ratios = served.map((s, i) => s.peakRss / bare[i].peakRss);
    const common = { rounds: ROUNDS, loadAverage: loadAverage(), inputMB: mb(large.bytes), files: large.files.length };
    figures.push({
      name: "upload.large-webapi.peak-rss",
      value: mb(medianOf(served.map((s) => s.peakRss))),
      min: mb(Math.min(...served.map((s) => s.peakRss))),
      unit: "MB",
      baseline: mb(medianOf(bare.map((b) => b.peakRss))),
      baselineMin: mb(Math.min(...bare.map((b) => b.peakRss))),
      baselineName: "bare parse of the same files (read + JSON.parse, all kept), its own process",
      ratioMedian: round(medianOf(ratios)),
      ratioMin: round(Math.min(...ratios)),
      target: "<= 2x the bare parse's peak",
      tables: served[0].tables,
      ...common,
    });
    figures.push({
      name: "upload.large-webapi.rss-after-import",
      value: mb(medianOf(served.map((s) => s.afterRss))),
      unit: "MB",
      idleBefore: mb(medianOf(served.map((s) => s.idleRss))),
      target: "returns near idle after the import",
      ...common,
    });
    figures.push({
      name: "upload.large-webapi.time",
      value: round(medianOf(served.map((s) => s.ms))),
      min: round(Math.min(...served.map((s) => s.ms))),
      unit: "ms",
      ...common,
    });
    fs.rmSync(path.join(dir, "large"), { recursive: true, force: true });

    const org = await writeOrg(path.join(dir, "org"), 1000);
    const orgList = path.join(dir, "org.json");
    fs.writeFileSync(orgList, JSON.stringify(org.files));
    const orgLimit = Math.max(400, Math.ceil(org.bytes / 1024 / 1024) + 10);
    const orgBare = await bareParse(orgList);
    const orgServed = await serverUpload(orgList, orgLimit);
    figures.push({
      name: "upload.synthetic-org-1000.peak-rss",
      value: mb(orgServed.peakRss),
      unit: "MB",
      baseline: mb(orgBare.peakRss),
      ratio: round(orgServed.peakRss / orgBare.peakRss),
      status: orgServed.status,
      tables: orgServed.tables,
      timeMs: round(orgServed.ms),
      afterImportMB: mb(orgServed.afterRss),
      idleBeforeMB: mb(orgServed.idleRss),
      limitMb: orgLimit,
      rounds: 1,
      inputMB: mb(org.bytes),
      files: org.files.length,
      loadAverage: loadAverage(),
    });

    const { refusal, health } = await refusalTimes();
    figures.push({
      name: "upload.overlapping-zip.refusal",
      value: round(medianOf(refusal)),
      min: round(Math.min(...refusal)),
      unit: "ms",
      baseline: round(medianOf(health)),
      baselineMin: round(Math.min(...health)),
      baselineName: "a health round trip to the same server, alternated",
      target: "under 1000 ms (the probe: 15 s)",
      rounds: ROUNDS,
      loadAverage: loadAverage(),
    });
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(idleRss: number, after: () => Promise<void> = async () => {}): void {
  process.on("message", async () => {
    await after();
    const peakRss = process.resourceUsage().maxRSS * 1024;
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ idleRss, peakRss, afterRss: process.memoryUsage.rss() });
  });
}

if (process.argv.includes("--child") && process.argv[1] === import.meta.filename) {
  const mode = process.argv[process.argv.indexOf("--child") + 1];
  if (mode === "bare") {
    const files = JSON.parse(fs.readFileSync(process.argv.at(-1)!, "utf8")) as string[];
    const idleRss = process.memoryUsage.rss();
    const parsed: unknown[] = [];
    for (const file of files) parsed.push(JSON.parse(fs.readFileSync(file, "utf8")));
    const peakRss = process.resourceUsage().maxRSS * 1024;
    process.send!({ idleRss, peakRss, afterRss: process.memoryUsage.rss(), count: parsed.length });
  } else {
    const http = await import("node:http");
    const { applyMigrations } = await import("@/lib/db/migrate");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-upload-db-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const url = `file:${path.join(dir, "bench.db")}`;
    await applyMigrations({ provider: "sqlite", databaseUrl: url });
    process.env.DATABASE_URL = url;
    process.env.SYNCWRIGHT_DATA_DIR = dir;
    const { getDb } = await import("@/lib/db/client");
    const { createSession } = await import("@/lib/auth/session");
    const { createUploadFront } = await import("@/lib/metadata/upload-front");
    const db = getDb();
    const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
    const environment = await db.environment.create({ data: { name: "Bench" } });
    const session = await createSession(db, user, { baseUrl: "http://127.0.0.1" });
    const uploads = createUploadFront();
    const server = http.createServer((req, res) => {
      if (uploads(req, res)) return;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as import("node:net").AddressInfo;
    (globalThis as { gc?: () => void }).gc?.();
    report(process.memoryUsage.rss());
    process.send!({
      url: `http://127.0.0.1:${port}`,
      cookie: `${session.name}=${session.value}`,
      environmentId: environment.id,
    });
  }
}
