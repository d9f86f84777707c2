// Publishing as an admin does it in the browser: publish v1 with notes, change the project, publish v2, see the
// diff in words, roll back to v1's content as v3; the version page with its (empty) downloads; Settings > API
// tokens (create, shown once, revoke) and the public key card. Light and dark screenshots of each screen.
// The device download itself (reference client, tokens, roles) is covered by tests/integration/device-api-*.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, setColorScheme } from "./support/fixtures";
import { readState } from "./support/state";

const RUN = Date.now().toString(36);
const PROJECT = `Publish e2e ${RUN}`;
let projectId = "";

test.describe.configure({ mode: "serial" });

function seed(extra: Record<string, string>): { projectId: string } {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-publish-project.ts")], { cwd: root, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`Seeding failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

async function both(page: Page, snap: (name: string) => Promise<void>, name: string) {
  await setColorScheme(page, "light");
  await snap(`${name}-light`);
  await setColorScheme(page, "dark");
  await snap(`${name}-dark`);
  await setColorScheme(page, "light");
}

async function publish(page: Page, notes: string) {
  await page.getByRole("textbox", { name: "Release notes" }).fill(notes);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/Published version \d+/);
}

test("publish v1, change, publish v2, see the diff, roll back to v1's content as v3", async ({ page, signInAs, snap }) => {
  await signInAs("owner");
  ({ projectId } = seed({ SEED_PROJECT_NAME: PROJECT }));
  const versions = `/projects/${projectId}/versions`;
  await open(page, versions);
  await expect(page.getByText("No versions yet")).toBeVisible();
  await expect(page.getByText("Ready to publish")).toBeVisible();
  await both(page, snap, "versions-empty");

  await publish(page, "First release for the field team");
  await expect(page.getByRole("link", { name: /^Version 1,/ })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "v1" })).toContainText("current");

  seed({ SEED_CHANGE_PROJECT: projectId });
  await open(page, versions);
  await publish(page, "Describe the notes");
  await expect(page.getByRole("row").filter({ hasText: "v2" })).toContainText("current");
  await both(page, snap, "versions-history");

  await page.getByRole("link", { name: "Compare versions" }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "Changes from v1 to v2" })).toBeVisible();
  await expect(page.getByText(/description/i).first()).toBeVisible();
  await both(page, snap, "versions-diff");

  await open(page, `${versions}/1`);
  await expect(page.getByText("Not downloaded yet")).toBeVisible();
  await both(page, snap, "version-page");
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByRole("dialog")).toContainText("publishes the content of version 1 as version 3");
  await snap("version-rollback-dialog-light");
  await page.getByRole("button", { name: "Publish as version 3" }).click();
  await expect(page).toHaveURL(new RegExp(`${versions}/3$`));
  await expect(page.getByRole("heading", { name: "Version 3" })).toBeVisible();
  await expect(page.getByText("Rollback to version 1")).toBeVisible();

  await open(page, `${versions}/diff?from=1&to=3`);
  await expect(page.getByText("Same configuration")).toBeVisible();
  await expect(page.getByText("identical content hash")).toBeVisible();
});

test("import shows the diff before applying", async ({ page, signInAs, snap }) => {
  await signInAs("owner");
  await open(page, `/projects/${projectId}/versions/import`);
  await both(page, snap, "versions-import-empty");
  const file = {
    name: "project.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ format: "syncwright-project", formatVersion: 1, project: { name: "x", description: "Imported description", environmentId: "e", snapshotId: "s", roles: [], tables: [] } })),
  };
  await page.locator('input[type="file"]').setInputFiles(file);
  await expect(page.getByRole("button", { name: "Show changes" })).toBeEnabled();
  await page.getByRole("button", { name: "Show changes" }).click();
  await expect(page.getByText(/Importing changes/)).toBeVisible();
  await expect(page.getByText(/contact/).first()).toBeVisible();
  await both(page, snap, "versions-import-diff");
});

test("an owner creates an API token, sees it once, and revokes it; Settings shows the signing key", async ({ page, signInAs, snap }) => {
  await signInAs("owner");
  await open(page, "/settings");
  await expect(page.getByText("Bundle signing key")).toBeVisible();
  await expect(page.getByText("BEGIN PUBLIC KEY")).toBeVisible();
  await both(page, snap, "settings-signing-key");
  await open(page, "/settings/tokens");
  await page.getByRole("textbox", { name: "Name" }).fill(`CI ${RUN}`);
  await page.getByRole("checkbox", { name: /^publish/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("shown only once")).toBeVisible();
  const token = await page.locator("code").filter({ hasText: /^swt_/ }).first().innerText();
  expect(token).toMatch(/^swt_[A-Za-z0-9]{8}_/);
  await both(page, snap, "settings-tokens");
  const exported = await page.request.get(`/api/v1/projects/${projectId}/export`, { headers: { authorization: `Bearer ${token}` } });
  expect(exported.status()).toBe(200);
  await open(page, "/settings/tokens");
  await page.getByRole("button", { name: `Revoke CI ${RUN}` }).click();
  await expect(page.getByRole("row").filter({ hasText: `CI ${RUN}` })).toContainText("revoked");
  const refused = await page.request.get(`/api/v1/projects/${projectId}/export`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});
