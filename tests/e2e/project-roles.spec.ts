// A project's security roles on a file-only environment: the roles its imported solution defined are offered in
// the picker (searchable); a role typed that none of them is, is kept but marked "unverified", and the validation
// panel warns of it (its link leads back to the roles editor); saved and found again after a reload. An
// environment that knows no roles says so once, with how to get them. Axe on the roles editor; screenshots.
import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";
import type { Locator, Page } from "@playwright/test";

const RUN = Date.now().toString(36);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "docs/screenshots");
let projects = { withRoles: "", withoutRoles: "" };

test.use({ viewport: { width: 1440, height: 1000 }, actionTimeout: 60_000 });
test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, SEED_RUN: RUN, LOG_LEVEL: "warn" };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-roles-projects.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the roles projects failed:\n${seed.stdout}\n${seed.stderr}`);
  projects = JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as typeof projects;
});

async function shoot(page: Page, target: Locator, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await target.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

async function noSeriousViolations(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("pick a role the solution defined; a typed unknown one is unverified, warned of, and saved", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(300_000);
  expect.configure({ timeout: 30_000 });
  await signInAs("owner");
  await page.goto(`/projects/${projects.withRoles}?tab=roles`);
  await waitForHydration(page);
  const editor = page.getByTestId("roles-editor");
  await expect(editor).toContainText("the 3 security roles the imported solutions carry");

  // Searchable: typing part of a name narrows the options to it.
  const input = page.getByRole("combobox", { name: "Security roles" });
  await input.click();
  await input.fill("techn");
  await expect(page.getByRole("option")).toHaveCount(1);
  await page.getByRole("option", { name: "Field Technician" }).click();
  await expect(editor.locator('[data-role-row="Field Technician"]')).toBeVisible();

  // A name none of the known roles is: kept, marked unverified, warned of in the validation panel.
  await input.fill("Feild Agent");
  await input.press("Enter");
  const typedRow = editor.locator('[data-role-row="Feild Agent"]');
  await expect(typedRow.getByText("unverified")).toBeVisible();
  const pickedRow = editor.locator('[data-role-row="Field Technician"]');
  await expect(pickedRow.getByText("unverified")).toHaveCount(0);
  const panel = page.getByTestId("validation-panel");
  // The panel leads with the short title; its detail and link open behind it.
  const warning = panel.getByTestId("validation-issue").filter({ hasText: "Unverified security role" });
  await expect(warning).toHaveCount(1);
  await expect(warning).toHaveAttribute("data-severity", "warning");
  await warning.getByRole("button", { name: /Unverified security role/ }).click();
  await expect(warning).toContainText("Security role 'Feild Agent' is unverified");
  await expect(warning.getByRole("link")).toHaveAttribute("href", `/projects/${projects.withRoles}?tab=roles`);
  await expect(panel.getByTestId("validation-issue").filter({ hasText: "Field Technician" })).toHaveCount(0);

  await page.getByRole("combobox", { name: "Security roles" }).blur();
  await noSeriousViolations(page, '[data-testid="roles-editor"]');
  await shoot(page, editor, "project-roles-unverified");
  await shoot(page, warning, "project-roles-warning");

  await page.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByText("Roles saved.")).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("textbox", { name: "Priority of Feild Agent" })).toBeVisible();
  await expect(page.getByTestId("roles-editor").locator('[data-role-row="Feild Agent"]')).toContainText("unverified");
});

test("an environment that knows no roles says so once, with how to get them, instead of a warning a role", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(180_000);
  expect.configure({ timeout: 30_000 });
  await signInAs("owner");
  await page.goto(`/projects/${projects.withoutRoles}?tab=roles`);
  await waitForHydration(page);
  const editor = page.getByTestId("roles-editor");
  await expect(editor.getByRole("alert")).toContainText("No known security roles");
  await expect(editor).toContainText("import a solution that carries its security roles, or connect the org");
  const input = page.getByRole("combobox", { name: "Security roles" });
  for (const name of ["Salesperson", "Field Agent"]) {
    await input.fill(name);
    await input.press("Enter");
  }
  await expect(editor.getByText("unverified")).toHaveCount(0);
  const panel = page.getByTestId("validation-panel");
  await expect(panel.getByTestId("validation-issue").filter({ hasText: "Unverified security role" })).toHaveCount(0);
  const unchecked = panel.getByTestId("validation-issue").filter({ hasText: "Roles not checked" });
  await expect(unchecked).toHaveCount(1);
  await expect(unchecked).toHaveAttribute("data-severity", "info");
  await unchecked.getByRole("button", { name: /Roles not checked/ }).click();
  await expect(unchecked).toContainText("role names are not checked");
  await input.blur();
  await noSeriousViolations(page, '[data-testid="roles-editor"]');
  await shoot(page, editor, "project-roles-none-known");
});
