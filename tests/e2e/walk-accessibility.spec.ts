// The new admin's walk, checked by axe (@axe-core/playwright): every screen of the portal, signed-out and as the
// owner, in light and in dark, has no serious or critical violation. The seed gives each screen something to show
// (two published versions, a draft form and view, a synced device), so the check sees filled screens, not only
// empty states.
import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";

const RUN = Date.now().toString(36);
interface Seeded {
  projectId: string;
  environmentId: string;
  snapshotId: string;
  formId: string;
  viewId: string;
  deviceId: string;
}
let seeded: Seeded;

test.beforeAll(() => {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, LOG_LEVEL: "warn", SEED_PROJECT_NAME: `Walk ${RUN}` };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-walk.ts")],
    { cwd: root, env, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`Seeding the walk failed:\n${run.stdout}\n${run.stderr}`);
  seeded = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Seeded;
});

/** Every violation axe calls serious or critical, named with where it is, in one scheme. */
async function seriousViolations(page: Page, scheme: "light" | "dark"): Promise<string[]> {
  await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
  // Every rule in light; in dark only what the scheme changes (colour contrast), which halves the walk's time.
  const builder = new AxeBuilder({ page });
  const results = await (scheme === "dark" ? builder.withRules(["color-contrast"]) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `[${scheme}] ${v.id}: ${v.help} (${v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(" ")} ${n.html.slice(0, 100)}`)
          .join(" | ")})`,
    );
}

async function check(page: Page, url: string, then?: (page: Page) => Promise<void>): Promise<string[]> {
  const response = await page.goto(url);
  expect(response?.status(), url).toBeLessThan(400);
  await waitForHydration(page);
  if (then) await then(page);
  const found = [...(await seriousViolations(page, "light")), ...(await seriousViolations(page, "dark"))];
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
  return found.map((line) => `${url}${then ? " (after a step)" : ""} ${line}`);
}

test("signed-out screens have no serious or critical axe violation", async ({ page }) => {
  const found: string[] = [];
  for (const url of ["/sign-in", "/reset-password", "/invite?token=not-a-real-invitation"]) {
    found.push(...(await check(page, url)));
  }
  expect(found).toEqual([]);
});

type Ids = Seeded & { project: string; table: string };
const tab = (name: string) => async (page: Page) => {
  await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
  await page.waitForLoadState("networkidle");
};
/** The owner's walk: each screen by a name, its address from the seeded ids, and a step to reach a tab. */
const SCREENS: Array<[string, (ids: Ids) => string, ((page: Page) => Promise<void>)?]> = [
  ["projects", () => "/projects"],
  ["new project", () => "/projects/new"],
  ["project tables", (i) => i.project],
  ["project roles", (i) => i.project, tab("Roles")],
  ["project settings", (i) => i.project, tab("Settings")],
  ["project re-target", (i) => i.project, tab("Re-target")],
  ["table editor", (i) => i.table],
  ["filter editor", (i) => `${i.table}/filter`],
  ["forms list", (i) => `${i.table}/forms`],
  ["form designer", (i) => `${i.table}/forms/${i.formId}`],
  ["views list", (i) => `${i.table}/views`],
  ["view designer", (i) => `${i.table}/views/${i.viewId}`],
  ["security policy", (i) => `${i.project}/security`],
  ["versions", (i) => `${i.project}/versions`],
  ["version page", (i) => `${i.project}/versions/1`],
  ["version diff", (i) => `${i.project}/versions/diff?from=1&to=2`],
  ["project import", (i) => `${i.project}/versions/import`],
  ["environments", () => "/environments"],
  ["new environment", () => "/environments/new"],
  ["environment", (i) => `/environments/${i.environmentId}`],
  ["snapshot", (i) => `/environments/${i.environmentId}/snapshots/${i.snapshotId}`],
  ["snapshot table", (i) => `/environments/${i.environmentId}/snapshots/${i.snapshotId}/tables/contact`],
  ["snapshot diff", (i) => `/environments/${i.environmentId}/diff?from=${i.snapshotId}&to=${i.snapshotId}`],
  ["devices", () => "/devices"],
  ["device", (i) => `/devices/${i.deviceId}`],
  ["settings", () => "/settings"],
  ["users", () => "/settings/users"],
  ["API tokens", () => "/settings/tokens"],
  ["account", () => "/account"],
  ["audit log", () => "/audit"],
  // A page whose loader finds nothing: the not-found page inside the shell (it streams, so it answers 200).
  ["not found", () => "/projects/no-such-project"],
];

for (const [name, address, then] of SCREENS) {
  test(`owner's walk: ${name} has no serious or critical axe violation`, async ({ page, signInAs }) => {
    // axe over a big screen (the table editor's hundreds of columns) twice takes a while on a loaded machine.
    test.setTimeout(180_000);
    await signInAs("owner");
    const project = `/projects/${seeded.projectId}`;
    const url = address({ ...seeded, project, table: `${project}/tables/contact` });
    expect(await check(page, url, then)).toEqual([]);
  });
}
