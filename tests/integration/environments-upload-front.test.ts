// The metadata upload as the production server answers it (lib/environments/upload-front.ts in a node:http
// server, with a health route beside it as scripts/server.ts has Next's): streamed multipart, the proxy's and the
// route wrapper's checks, the hostile zips of issue 13 refused with their reason, progress lines, and the
// server answering health checks while uploads are in progress.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/session";
import { resetConfigForTests } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";
import { createUploadFront } from "@/lib/metadata/upload-front";
import { duplicateNamesZip, lyingBombZip, overlappingZip, slipZip } from "@/tests/support/hostile-zips";
import { createTempDir, createTestSqlite } from "@/tests/support/test-database";

const DATA = path.resolve(process.cwd(), "../shared/data/dataverse");
const WEBAPI = path.join(DATA, "webapi-entitydefinitions");
const UNPACKED = path.join(DATA, "solution-unpacked");

let db: Db;
let url = "";
let server: http.Server;
let environmentId = "";
let owner = "";
let viewer = "";
const saved: Record<string, string | undefined> = {};
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  const database = await createTestSqlite();
  const dataDir = createTempDir("syncwright-data-");
  cleanups.push(database.cleanup, dataDir.cleanup);
  for (const key of ["DATABASE_URL", "SYNCWRIGHT_DATA_DIR", "SYNCWRIGHT_MAX_UPLOAD_MB"]) saved[key] = process.env[key];
  process.env.DATABASE_URL = database.url;
  process.env.SYNCWRIGHT_DATA_DIR = dataDir.dir;
  delete process.env.SYNCWRIGHT_MAX_UPLOAD_MB;
  resetConfigForTests();
  db = getDb();
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  const vic = await db.user.create({ data: { email: "vic@example.com", name: "Vic", role: "viewer" } });
  environmentId = (await db.environment.create({ data: { name: "Contoso" } })).id;
  const cookie = async (id: string) => {
    const made = await createSession(db, { id }, { baseUrl: "http://127.0.0.1" });
    return `${made.name}=${made.value}`;
  };
  owner = await cookie(ada.id);
  viewer = await cookie(vic.id);
  const uploads = createUploadFront();
  server = http.createServer((req, res) => {
    if (uploads(req, res)) return;
    if (req.url === "/api/health") {
      // What the health route does: one database round trip.
      void getDb()
        .$queryRawUnsafe("SELECT 1")
        .then(() => res.end('{"status":"ok"}'));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
  for (const cleanup of cleanups) await cleanup();
});

function form(files: Array<{ name: string; bytes: Uint8Array | string }>): FormData {
  const body = new FormData();
  for (const file of files)
    body.append("files", new File([file.bytes as BlobPart], path.basename(file.name)), file.name);
  return body;
}

function upload(body: FormData, headers: Record<string, string> = {}, cookie = owner): Promise<Response> {
  return fetch(`${url}/api/environments/${environmentId}/upload`, {
    method: "POST",
    body,
    headers: { cookie, ...headers },
  });
}

const webApiFiles = (prefix: string) =>
  fs
    .readdirSync(WEBAPI)
    .filter((f) => f.startsWith(prefix))
    .map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(WEBAPI, f))) }));

describe("the upload front", () => {
  it("imports several Web API files streamed one at a time, and recognizes the same upload again", async () => {
    const files = webApiFiles("contact.");
    const first = await upload(form(files));
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ duplicate: false, snapshot: { tableCount: 1 } });
    const again = await upload(form(files));
    expect([again.status, (await again.json()).duplicate]).toEqual([200, true]);
  });

  it("imports an unpacked solution folder by its relative paths", async () => {
    const files: Array<{ name: string; bytes: Uint8Array }> = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else
          files.push({
            name: `src/${path.relative(UNPACKED, full).split(path.sep).join("/")}`,
            bytes: fs.readFileSync(full),
          });
      }
    };
    walk(UNPACKED);
    const response = await upload(form(files));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect([body.snapshot.tableCount, body.message]).toEqual([
      2,
      expect.stringMatching(/from folder src \(\d+ files\)/),
    ]);
  });

  it("streams progress lines: upload bytes, files and tables read, then the result", async () => {
    const response = await upload(form(webApiFiles("queue.")), { accept: "application/x-ndjson" });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.some((l) => l.phase === "upload" && l.bytes > 0)).toBe(true);
    expect(lines.some((l) => l.phase === "parse" && l.tables === 1)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ phase: "done", status: 201, result: { snapshot: { tableCount: 1 } } });
  });

  it.each([
    ["overlap.zip", () => overlappingZip(), 413, /400 entries share or overlap their compressed data/],
    ["liar.zip", lyingBombZip, 413, /entry inflates to more than its declared 1000 bytes/],
    ["slip.zip", slipZip, 400, /unsafe name "\.\.\/\.\.\/outside\/evil\.xml"/],
    ["duplicate.zip", duplicateNamesZip, 400, /two entries named "customizations\.xml"/],
  ])("refuses %s with its reason", async (name, make, status, reason) => {
    const response = await upload(form([{ name, bytes: make() }]));
    const problem = await response.json();
    expect([response.status, problem.detail]).toEqual([status, expect.stringMatching(reason)]);
  });

  it("answers health checks while uploads are in progress", async () => {
    // Four of the probe's files at once and a body that trickles in for a second.
    const hostile = Array.from({ length: 4 }, () => upload(form([{ name: "overlap.zip", bytes: overlappingZip() }])));
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const boundary = "----trickle";
    let sent = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0)
          controller.enqueue(
            new TextEncoder().encode(
              `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.json"\r\n\r\n{"value":[`,
            ),
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (++sent > 20) {
          controller.enqueue(new TextEncoder().encode(`]}\r\n--${boundary}--\r\n`));
          controller.close();
        } else controller.enqueue(chunk);
      },
    });
    let slowDone = false;
    const trickle = fetch(`${url}/api/environments/${environmentId}/upload`, {
      method: "POST",
      body: slow,
      headers: { cookie: owner, "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit).then((response) => {
      slowDone = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const health = await fetch(`${url}/api/health`);
    const waited = performance.now() - started;
    expect([health.status, slowDone]).toEqual([200, false]);
    expect(waited).toBeLessThan(500);
    for (const response of await Promise.all(hostile)) expect(response.status).toBe(413);
    const refused = await trickle;
    expect([refused.status, (await refused.json()).detail]).toEqual([
      400,
      expect.stringMatching(/a\.json: not Dataverse metadata/),
    ]);
  });

  it("applies the proxy's and the route's checks: session, role, cross-site", async () => {
    const files = webApiFiles("queue.");
    expect((await upload(form(files), {}, "")).status).toBe(401);
    const asViewer = await upload(form(files), {}, viewer);
    expect([asViewer.status, (await asViewer.json()).detail]).toEqual([403, expect.stringMatching(/owner/)]);
    const crossSite = await upload(form(files), { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
  });

  it("refuses an upload over SYNCWRIGHT_MAX_UPLOAD_MB, naming the setting", async () => {
    process.env.SYNCWRIGHT_MAX_UPLOAD_MB = "1";
    try {
      const response = await upload(form([{ name: "big.json", bytes: "x".repeat(2 * 1024 * 1024) }]));
      const problem = await response.json();
      expect([response.status, problem.detail]).toEqual([413, expect.stringMatching(/SYNCWRIGHT_MAX_UPLOAD_MB/)]);
      // Each refusal names the limit as set (1 MB), not the bytes the body may take with its framing (9 MB).
      const half = "x".repeat(600 * 1024);
      const two = await upload(
        form([
          { name: "a.json", bytes: half },
          { name: "b.json", bytes: half },
        ]),
      );
      expect([two.status, (await two.json()).detail]).toEqual([
        413,
        "the uploaded files add up to more than 1 MB (SYNCWRIGHT_MAX_UPLOAD_MB)",
      ]);
    } finally {
      delete process.env.SYNCWRIGHT_MAX_UPLOAD_MB;
    }
  });

  it("holds a solution zip to SYNCWRIGHT_MAX_UPLOAD_MB unpacked, as if its files were uploaded unpacked", async () => {
    // 0.8 MB packed, 5.5 MB of customizations.xml: within a 1 MB upload, over what 1 MB of files may be unpacked.
    const zip = new Uint8Array(
      fs.readFileSync(path.join(DATA, "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip")),
    );
    const snapshots = await db.metadataSnapshot.count();
    process.env.SYNCWRIGHT_MAX_UPLOAD_MB = "1";
    try {
      const response = await upload(form([{ name: "nonprofit.zip", bytes: zip }]));
      expect([response.status, (await response.json()).detail]).toEqual([
        413,
        "nonprofit.zip: the archive would unpack to more than 1 MB (SYNCWRIGHT_MAX_UPLOAD_MB) (zip bomb?)",
      ]);
      expect(await db.metadataSnapshot.count()).toBe(snapshots);
    } finally {
      delete process.env.SYNCWRIGHT_MAX_UPLOAD_MB;
    }
    process.env.SYNCWRIGHT_MAX_UPLOAD_MB = "6";
    try {
      const response = await upload(form([{ name: "nonprofit.zip", bytes: zip }]));
      expect([response.status, (await response.json()).snapshot.tableCount]).toEqual([201, 41]);
    } finally {
      delete process.env.SYNCWRIGHT_MAX_UPLOAD_MB;
    }
  });

  it("refuses form data that ends inside a file as the sender's fault (400), not an internal error", async () => {
    const boundary = "----syncwright-test";
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.json"\r\n\r\n`;
    for (const body of [`${part}${"x".repeat(1000)}`, `${part}{}\r\n`]) {
      for (const accept of ["application/json", "application/x-ndjson"]) {
        const response = await fetch(`${url}/api/environments/${environmentId}/upload`, {
          method: "POST",
          body,
          headers: { cookie: owner, accept, "content-type": `multipart/form-data; boundary=${boundary}` },
        });
        const text = await response.text();
        // The progress stream's last line carries the problem; the plain answer is the problem itself.
        const problem = JSON.parse(text.trim().split("\n").at(-1)!) as {
          status?: number;
          problem?: { status: number };
        };
        expect(problem.problem?.status ?? problem.status).toBe(400);
        expect(text).toMatch(/not complete multipart form data \(Unexpected end of form\)/);
      }
    }
  });
});
