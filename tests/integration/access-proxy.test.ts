// The access matrix against the real request proxy (proxy.ts) with real sessions on a real SQLite file: every page
// and route of the app x anonymous / viewer / editor / owner / disabled owner, each of its methods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { createDbClient, type Db } from "@/lib/db/client";
import { createSession } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { resetConfigForTests } from "@/lib/config";
import { createTempDir, createTestSqlite } from "@/tests/support/test-database";
import { appFiles, samplePath } from "@/tests/support/app-files";
import { EXPECTED_ACCESS, expectedDecision } from "@/tests/support/access-matrix";
import type { Role } from "@/lib/auth/roles";

const secret = "proxy-matrix-secret-".padEnd(64, "p");
const saved: Record<string, string | undefined> = {};
let db: Db;
let cleanup: (() => Promise<void>) | undefined;
let proxy: (request: NextRequest) => Promise<Response>;
const cookies: Record<string, string | undefined> = {};
const PRINCIPALS: Array<{ name: string; role: Role | null; disabled?: boolean }> = [
  { name: "anonymous", role: null },
  { name: "viewer", role: "viewer" },
  { name: "editor", role: "editor" },
  { name: "owner", role: "owner" },
  { name: "disabled owner", role: "owner", disabled: true },
];

beforeAll(async () => {
  const database = await createTestSqlite();
  const dataDir = createTempDir("syncwright-data-");
  for (const key of ["DATABASE_URL", "SYNCWRIGHT_DATA_DIR", "SESSION_SECRET", "LOG_LEVEL"])
    saved[key] = process.env[key];
  // The proxy reads sessions through the process's configured database and secret, as in the portal.
  process.env.DATABASE_URL = database.url;
  process.env.SYNCWRIGHT_DATA_DIR = dataDir.dir;
  process.env.SESSION_SECRET = secret;
  process.env.LOG_LEVEL = "silent";
  resetConfigForTests();
  db = createDbClient(database.url);
  for (const principal of PRINCIPALS) {
    if (!principal.role) continue;
    const user = await db.user.create({
      data: {
        email: `${principal.name.replace(" ", ".")}@example.com`,
        name: principal.name,
        role: principal.role,
        passwordHash: "x",
      },
    });
    cookies[principal.name] = (await createSession(db, user, { secret, baseUrl: "http://portal.test" })).value;
    if (principal.disabled) await db.user.update({ where: { id: user.id }, data: { disabled: true } });
  }
  ({ proxy } = await import("@/proxy"));
  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
    dataDir.cleanup();
  };
}, 60_000);

afterAll(async () => {
  await cleanup?.();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
});

function request(path: string, method: string, kind: string, cookie: string | undefined): NextRequest {
  const headers = new Headers({
    host: "portal.test",
    accept: kind === "handler" ? "application/json" : "text/html",
    "sec-fetch-site": "same-origin",
  });
  if (method !== "GET") headers.set("origin", "http://portal.test");
  if (cookie) headers.set("cookie", `${SESSION_COOKIE}=${cookie}`);
  return new NextRequest(`http://portal.test${path}`, { method, headers });
}

type Outcome = "allow" | "sign-in" | "forbidden";
function outcomeOf(response: Response): Outcome | string {
  if (response.headers.get("x-middleware-next") === "1") return "allow";
  if (response.status === 307 && response.headers.get("location")?.includes("/sign-in")) return "sign-in";
  if (response.status === 401) return "sign-in";
  if (response.status === 403) return "forbidden";
  return `status ${response.status}`;
}

describe("the real proxy decides every route for every principal as the matrix says", () => {
  it("covers every route of the app", () => {
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual([...new Set(appFiles().map((f) => f.pattern))].sort());
  });

  it("answers each (route, method, principal) as expected", async () => {
    let cases = 0;
    const wrong: string[] = [];
    for (const file of appFiles()) {
      const path = samplePath(file.pattern);
      for (const method of file.methods) {
        for (const principal of PRINCIPALS) {
          const response = await proxy(request(path, method, file.kind, cookies[principal.name]));
          const expected = expectedDecision(EXPECTED_ACCESS[file.pattern], principal.disabled ? null : principal.role);
          const got = outcomeOf(response);
          cases++;
          if (got !== expected) wrong.push(`${principal.name} ${method} ${path}: ${got}, expected ${expected}`);
          // A page asked for by an anonymous browser is sent to sign-in with the way back; an API gets a problem.
          if (got === "sign-in" && file.kind !== "handler" && method === "GET") {
            expect(response.status).toBe(307);
            expect(new URL(response.headers.get("location")!).searchParams.get("next") ?? "/").toBe(path);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(cases).toBeGreaterThan(250);
  });

  it("refuses a viewer on an owner page even with the path percent-encoded or a trailing slash", async () => {
    for (const path of ["/settings/%75sers", "/settings/users/", "/%61udit", "/audit/"]) {
      const response = await proxy(request(path, "GET", "page", cookies.viewer));
      expect(outcomeOf(response), path).toBe("forbidden");
    }
  });
});
