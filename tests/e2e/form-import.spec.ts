// Import from the org, as an admin does it on a project whose snapshot keeps the real org's forms and views
// (seed-import-project.ts): the Forms list of contact offers the import in its empty state and beside Add; the modal
// lists the org's forms with what an import leaves behind (axe: no serious or critical violation with it open);
// importing "Person - Core" lands in the designer with its tabs, sections and fields and the skipped items listed.
// Contact's Views list says the snapshot keeps none; a view of appbase_actionitem is imported instead. Then the
// project is published from the Versions screen and the downloaded bundle holds that form and that view.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";

const RUN = Date.now().toString(36);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "docs/screenshots");
const PERSON_CORE = "62f71750-3d04-f111-8406-7ced8d3c12a1";
let projectId = "";

test.use({ viewport: { width: 1600, height: 1100 } });
test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, SEED_PROJECT_NAME: `Import ${RUN}`, LOG_LEVEL: "warn" };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-import-project.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the import project failed:\n${seed.stdout}\n${seed.stderr}`);
  projectId = (JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as { projectId: string }).projectId;
});

async function noSeriousViolations(page: Page) {
  // The list and the modal over it; the app shell and the validation panel are checked with their own screens.
  const results = await new AxeBuilder({ page })
    .include("main")
    .include(".mantine-Modal-content")
    .exclude('[data-testid="validation-panel"]')
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 120)}`).join(", ")})`,
    ),
  ).toEqual([]);
}

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

const canvas = (page: Page) => page.getByTestId("form-canvas");

test("import contact's main form from the org, see it in the designer with what did not come across", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(240_000);
  await signInAs("editor");
  await page.goto(`/projects/${projectId}/tables/contact/forms`);
  await waitForHydration(page);
  await expect(page.getByText("No forms yet")).toBeVisible();
  // The empty list offers the import, saying what the snapshot keeps.
  await expect(page.getByText(/the project's metadata snapshot keeps 1 form of/)).toBeVisible();
  const importButtons = page.getByRole("button", { name: "Import from org" });
  await expect(importButtons).toHaveCount(2);

  await importButtons.first().click();
  const dialog = page.getByRole("dialog", { name: /Import a form of .+ from the org/ });
  await expect(dialog.getByRole("radio", { name: "Person - Core" })).toBeVisible();
  await expect(dialog).toContainText(/\d tabs, \d sections, 29 fields/);
  await dialog.getByText("Person - Core").click();
  await expect(dialog.getByText(/What does not come across as in the org \(\d+\)/)).toBeVisible();
  await expect(dialog).toContainText("timeline (notes and activities) 'notescontrol'");
  await noSeriousViolations(page);
  await shoot(page, "form-import-modal");

  await dialog.getByRole("button", { name: "Import form" }).click();
  await expect(page).toHaveURL(new RegExp(`/tables/contact/forms/${PERSON_CORE}$`), { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Form Person - Core" })).toBeVisible();
  await waitForHydration(page);
  const notice = page.getByTestId("imported-notice");
  await expect(notice).toContainText("Imported the form Person - Core from the org");
  await expect(notice).toContainText(/\d+ items did not come across/);
  await expect(notice.getByRole("list", { name: "Not imported" })).toContainText(
    "timeline (notes and activities) 'notescontrol' — tab 'Summary' > section 'SOCIAL PANE'",
  );
  // Its tabs, sections and fields as the org lays them out.
  await expect(canvas(page).locator('[data-tab="Summary"]')).toBeVisible();
  await expect(canvas(page).locator('[data-tab="Details"]')).toBeVisible();
  await expect(canvas(page).locator('[data-section="CONTACT INFORMATION"] [data-field]')).toHaveCount(9);
  await expect(canvas(page).locator('[data-section="PERSONAL"] [data-field="birthdate"]')).toHaveCount(1);
  await expect(canvas(page).locator('[data-field="jobtitle"]')).toHaveCount(1);
  await shoot(page, "form-import-designer");

  // The org's form shows the full name only; Dataverse needs Last Name to create a contact: add it and save.
  await page
    .getByRole("button", { name: /^Section CONTACT INFORMATION/ })
    .first()
    .click();
  await page.getByRole("textbox", { name: "Search columns" }).fill("last name");
  await page.getByRole("button", { name: "Add column Last Name to the form", exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved form Person - Core/)).toBeVisible();

  // Back on the list: the imported form, marked as from the org; a reload keeps the notice until it is closed.
  await page.reload();
  await waitForHydration(page);
  await expect(notice).toBeVisible();
  await notice.getByRole("button", { name: "Close the import summary" }).click();
  await expect(notice).toHaveCount(0);
  await page.goto(`/projects/${projectId}/tables/contact/forms`);
  await waitForHydration(page);
  const row = page.getByRole("table", { name: "Forms" }).getByRole("row").filter({ hasText: "Person - Core" });
  await expect(row).toContainText("from the org");
  await expect(page.getByRole("button", { name: "Import from org" })).toHaveCount(1);
});

test("contact's views: the snapshot keeps none, said plainly; a view of action items is imported", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(180_000);
  await signInAs("editor");
  await page.goto(`/projects/${projectId}/tables/contact/views`);
  await waitForHydration(page);
  await expect(page.getByText(/keeps no views of .+ from the org/)).toBeVisible();
  await page.getByRole("button", { name: "Import from org" }).click();
  const none = page.getByRole("dialog", { name: /Import a view of .+ from the org/ });
  await expect(none.getByText("No views to import")).toBeVisible();
  await none.getByRole("button", { name: "Cancel" }).click();

  await page.goto(`/projects/${projectId}/tables/appbase_actionitem/views`);
  await waitForHydration(page);
  await expect(page.getByText(/the project's metadata snapshot keeps \d+ views of/)).toBeVisible();
  await page.getByRole("button", { name: "Import from org" }).first().click();
  const dialog = page.getByRole("dialog", { name: /Import a view of .+ from the org/ });
  await dialog.getByText("Closed Action Items").click();
  await expect(dialog.getByText("Everything comes across.")).toBeVisible();
  await dialog.getByRole("button", { name: "Import view" }).click();
  await expect(page).toHaveURL(/\/tables\/appbase_actionitem\/views\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "View Closed Action Items" })).toBeVisible();
  await expect(page.getByTestId("imported-notice")).toContainText("Everything came across");
  await page.goto(`/projects/${projectId}/tables/appbase_actionitem/views`);
  await waitForHydration(page);
  const row = page.getByRole("table", { name: "Views" }).getByRole("row").filter({ hasText: "Closed Action Items" });
  await expect(row).toContainText("default");
});

test("publish: the bundle holds the imported form and view", async ({ page, signInAs }) => {
  test.setTimeout(180_000);
  await signInAs("editor");
  const versions = `/projects/${projectId}/versions`;
  await page.goto(versions);
  await waitForHydration(page);
  await expect(page.getByText("Ready to publish")).toBeVisible();
  await page.getByRole("textbox", { name: "Release notes" }).fill("Forms and views from the org");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/Published version 1/);

  await page.goto(`${versions}/1`);
  await waitForHydration(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download bundle" }).click();
  const bundle = JSON.parse(fs.readFileSync(await (await download).path(), "utf8")) as {
    content: {
      tables: Array<{
        tableName: string;
        columns: string[];
        forms: Array<{ id: string; name: string; kind: string; tabs: Array<{ label: string }> }>;
        views: Array<{ name: string; isDefault: boolean; columns: Array<{ column: string }> }>;
      }>;
    };
  };
  const contact = bundle.content.tables.find((t) => t.tableName === "contact")!;
  const form = contact.forms.find((f) => f.id === PERSON_CORE)!;
  expect(form).toMatchObject({ name: "Person - Core", kind: "main" });
  expect(form.tabs.map((t) => t.label)).toEqual(["Summary", "Map View", "Details"]);
  expect(contact.columns).toEqual(expect.arrayContaining(["jobtitle", "birthdate", "lastname"]));
  const items = bundle.content.tables.find((t) => t.tableName === "appbase_actionitem")!;
  expect(items.views.find((v) => v.name === "Closed Action Items")).toMatchObject({
    isDefault: true,
    columns: [{ column: "subject" }, { column: "createdon" }],
  });
});
