// The access table names every page, route handler and static file of the app, and nothing else: a page added
// without its row fails here instead of falling to the default rule. And the matrix of who reaches what.
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS, ROUTE_ACCESS, accessFor, decideAccess, routeOf, type Access } from "@/lib/auth/access-policy";
import { ROLES, can, type Permission, type Role } from "@/lib/auth/roles";
import { appFiles, samplePath } from "@/tests/support/app-files";
import { EXPECTED_ACCESS, PRINCIPALS, expectedDecision } from "@/tests/support/access-matrix";

const files = appFiles();

/** The lowest role that holds a permission. */
function lowestRoleWith(permission: Permission): Role {
  const roles = (["viewer", "editor", "owner"] as const).filter((r) => can(r, permission));
  expect(roles.length, permission).toBeGreaterThan(0);
  return roles[0];
}

describe("the access table lists every route of the app explicitly", () => {
  it("finds the app's routes on disk", () => {
    expect(files.filter((f) => f.kind === "page").length).toBeGreaterThan(15);
    expect(files.filter((f) => f.kind === "handler").length).toBeGreaterThan(15);
  });

  it("has a row for every page, route handler and static file", () => {
    const missing = files.filter((f) => !(f.pattern in ROUTE_ACCESS)).map((f) => `${f.pattern} (${f.file})`);
    expect(missing, "add these to ROUTE_ACCESS in lib/auth/access-policy.ts").toEqual([]);
  });

  it("has no row without a file", () => {
    const served = new Set(files.map((f) => f.pattern));
    expect(Object.keys(ROUTE_ACCESS).filter((p) => !served.has(p))).toEqual([]);
  });

  it("sends each route's own paths to its own row, literal segments before [params]", () => {
    for (const file of files) {
      const sample = samplePath(file.pattern);
      expect(routeOf(sample), sample).toBe(file.pattern);
      expect(accessFor(sample), sample).toEqual(ROUTE_ACCESS[file.pattern]);
      // Trailing slash and percent-encoded letters reach the same row, as Next routes them.
      if (sample !== "/") expect(routeOf(sample + "/"), sample).toBe(file.pattern);
      const encoded = sample.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
      expect(routeOf(encoded), encoded).toBe(file.pattern);
    }
    expect(routeOf("/projects/new")).toBe("/projects/new");
    expect(routeOf("/projects/abc")).toBe("/projects/[projectId]");
    expect(routeOf("/projects/abc/versions/diff")).toBe("/projects/[projectId]/versions/diff");
    expect(routeOf("/projects/abc/versions/3")).toBe("/projects/[projectId]/versions/[number]");
    expect(accessFor("/settings/%75sers")).toEqual({ kind: "session", minRole: "owner" });
  });

  it("denies paths no row names to all but owners", () => {
    expect(DEFAULT_ACCESS).toEqual({ kind: "session", minRole: "owner" });
    for (const p of [
      "/nowhere",
      "/projects/a/b/c/d/e/f",
      "/settings/users/x",
      "/audit/export",
      "/%zz",
      "/projects//",
    ]) {
      expect(accessFor(p), p).toEqual(DEFAULT_ACCESS);
    }
  });

  it("matches each route handler's wrapper: public, bearer token, or the session role of its permission", () => {
    for (const file of files.filter((f) => f.kind === "handler")) {
      const access = ROUTE_ACCESS[file.pattern];
      expect(file.wrappers?.length, file.file).toBeGreaterThan(0);
      for (const wrapper of file.wrappers ?? []) {
        const where = `${wrapper.method} ${file.file}`;
        if (wrapper.name === "withPublic") expect(access, where).toEqual({ kind: "public" });
        else if (wrapper.name === "withApiToken" || wrapper.name === "withDevice")
          expect(access, where).toEqual({ kind: "bearer" });
        else if (wrapper.name === "withAdmin")
          expect(access, where).toEqual({
            kind: "session",
            minRole: lowestRoleWith(wrapper.permission as Permission),
          });
        else throw new Error(`${where}: unknown wrapper ${wrapper.name}`);
      }
    }
  });

  it("opens the audit log to exactly the roles that hold view-audit", () => {
    for (const role of ROLES) {
      expect(decideAccess(accessFor("/audit"), role) === "allow", role).toBe(can(role, "view-audit"));
    }
    expect(decideAccess(accessFor("/audit?page=2".split("?")[0]), "viewer")).toBe("forbidden");
  });
});

describe("the access matrix: every route x anonymous / viewer / editor / owner / disabled", () => {
  it("lists every route of the app", () => {
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual([...new Set(files.map((f) => f.pattern))].sort());
  });

  it.each(Object.entries(EXPECTED_ACCESS))("%s", (pattern, expected) => {
    const access: Access = accessFor(samplePath(pattern));
    for (const principal of PRINCIPALS) {
      expect(decideAccess(access, principal.role), `${principal.name} on ${pattern}`).toBe(
        expectedDecision(expected, principal.role),
      );
    }
  });
});
