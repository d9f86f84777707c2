// Starts the portal the way a user does (scripts/start.mjs: migrate, print the setup link, build if needed,
// serve) on a fresh data folder, captures the printed setup link, and seeds a viewer and an editor.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync, createWriteStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_PORT } from "../../playwright.config";
import { E2E_STATE_FILE, E2E_OUTPUT_DIR, E2E_DEVICE_AUDIENCE, SEEDED, type E2ETenant } from "./support/state";

/** Starts the HTTPS test tenant and org in a process of its own and reads what it printed. */
async function startTenant(root: string): Promise<E2ETenant> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/e2e/support/fake-tenant.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const info = await new Promise<Omit<E2ETenant, "pid">>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The test tenant did not start in time. Output:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Omit<E2ETenant, "pid">);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`The test tenant exited with ${code}. Output:\n${output}`)));
  });
  child.stdout.removeAllListeners("data");
  child.stderr.removeAllListeners("data");
  const log = createWriteStream(path.join(E2E_OUTPUT_DIR, "e2e-tenant.log"));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.removeAllListeners("exit");
  child.unref();
  return { ...info, pid: child.pid! };
}

export default async function globalSetup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, "../..");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "syncwright-e2e-"));
  const baseUrl = `http://127.0.0.1:${E2E_PORT}`;
  mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
  const tenant = await startTenant(root);
  const env = {
    ...process.env,
    PORT: String(E2E_PORT),
    HOST: "127.0.0.1",
    SYNCWRIGHT_URL: baseUrl,
    SYNCWRIGHT_DATA_DIR: dataDir,
    DATABASE_URL: "",
    LOG_LEVEL: "warn",
    // The device API and the Web API reach the test tenant and org as they would a sovereign cloud.
    NODE_EXTRA_CA_CERTS: tenant.caFile,
    ENTRA_AUTHORITY_HOST: tenant.origin,
    DEVICE_TOKEN_AUDIENCE: E2E_DEVICE_AUDIENCE,
    DEVICE_TOKEN_ISSUER: tenant.issuer,
    DEVICE_TOKEN_JWKS_URI: tenant.jwksUri,
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;

  const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const setupLink = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The portal did not start in time. Output:\n${output}`)), 600_000);
    let link: string | undefined;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      link ??= output.match(/(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/)?.[1];
      if (link && /Ready in|started server|Local:/i.test(output)) {
        clearTimeout(timer);
        resolve(link);
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) => reject(new Error(`The portal exited with ${code}. Output:\n${output}`)));
  });
  server.stdout.removeAllListeners("data");
  server.stderr.removeAllListeners("data");
  // Keep the server's log for diagnosing a failure.
  const log = createWriteStream(path.join(E2E_OUTPUT_DIR, "e2e-server.log"));
  log.write(output);
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  server.unref();

  // Seed a viewer and an editor directly (the fixture then signs them in through the sign-in API).
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed.ts")],
    {
      cwd: root,
      env: { ...env, SEED_USERS: JSON.stringify(Object.values(SEEDED).filter((u) => u.role !== "owner")) },
      encoding: "utf8",
    },
  );
  if (seed.status !== 0) throw new Error(`Seeding failed:\n${seed.stdout}\n${seed.stderr}`);

  mkdirSync(path.dirname(E2E_STATE_FILE), { recursive: true });
  writeFileSync(E2E_STATE_FILE, JSON.stringify({ pid: server.pid, dataDir, setupLink, baseUrl, tenant }));
}
