// Small things a new admin tripped over: the favicon, a history badge cut off, a message shown twice, and the
// audit log that only editors and owners may open.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";

const RUN = Date.now().toString(36);

function runScript(script: string, extra: Record<string, string>): string {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support", script)],
    { cwd: root, env, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

test("every page has an icon and asks for nothing that is not there", async ({ page, signInAs }) => {
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.goto("/sign-in");
  await waitForHydration(page);
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await signInAs("viewer");
  await page.goto("/projects");
  await waitForHydration(page);
  expect(missing).toEqual([]);
});

test("the audit log is for editors and owners: a viewer neither sees it in the menu nor opens it", async ({
  page,
  signInAs,
}) => {
  await signInAs("viewer");
  await page.goto("/projects");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Projects" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await page.goto("/audit"))?.status()).toBe(403);
  await page.context().clearCookies();
  await signInAs("editor");
  await page.goto("/projects");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  expect((await page.goto("/audit"))?.status()).toBe(200);
  await expect(page.getByRole("table", { name: "Audit log" })).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
});

test("the version history shows '7 warnings' whole, and a bundle given to import is named once", async ({
  page,
  signInAs,
  snap,
}) => {
  const { projectId } = JSON.parse(
    runScript("seed-publish-project.ts", { SEED_PROJECT_NAME: `Small things ${RUN}` })
      .trim()
      .split("\n")
      .pop()!,
  ) as { projectId: string };
  await signInAs("owner");
  await page.goto(`/projects/${projectId}/versions`);
  await page.getByRole("textbox", { name: "Release notes" }).fill("First");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/Published version 1/);
  runScript("set-version-warnings.ts", { SEED_PROJECT_ID: projectId, SEED_WARNINGS: "7" });
  await page.reload();
  const badge = page.getByTestId("version-warnings");
  await expect(badge).toHaveText(/7 warnings/i);
  const cut = await badge.evaluate((el) => {
    const label = el.querySelector(".mantine-Badge-label") ?? el;
    return label.scrollWidth > label.clientWidth + 1;
  });
  expect(cut, "the badge's label is cut off").toBe(false);
  await snap("versions-history-warnings");

  await page.goto(`/projects/${projectId}/versions/import`);
  await waitForHydration(page);
  await page.locator('input[type="file"]').setInputFiles({
    name: "bundle.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ manifest: { format: "syncwright-bundle" }, content: {} })),
  });
  await page.getByRole("button", { name: "Show changes" }).click();
  await expect(page.getByText(/this is a bundle, not a project file/)).toHaveCount(1);
  await snap("versions-import-bundle-refused");
});
