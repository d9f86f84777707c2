// App projects as an admin uses them: create a project, enable contact and appbase_actionitem, choose
// columns, set one table online only, set permissions, reload and find it all kept; two admins editing the
// same table see the conflict dialog. Screenshots of each screen in light and dark.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test, expect, setColorScheme, waitForHydration } from "./support/fixtures";
import { readState, SEEDED } from "./support/state";
import type { Page } from "@playwright/test";

const RUN = Date.now().toString(36);
const ENV_NAME = `Projects org ${RUN}`;
const PROJECT = `Field sales ${RUN}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, SEED_ENVIRONMENT_NAME: ENV_NAME, LOG_LEVEL: "warn" };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-projects-metadata.ts")],
    { cwd: root, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding metadata failed:\n${seed.stdout}\n${seed.stderr}`);
  seeded = JSON.parse(seed.stdout.trim().split("\n").pop()!);
});

/** The seeded environment and snapshot (for the metadata browser's pages of the same snapshot). */
let seeded: { environmentId: string; snapshotId: string };

/** Navigates and waits until the page is hydrated (a fill before hydration would be reset by React). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await waitForHydration(page);
}

async function both(page: Page, snap: (name: string) => Promise<void>, name: string) {
  await setColorScheme(page, "light");
  await snap(`${name}-light`);
  await setColorScheme(page, "dark");
  await snap(`${name}-dark`);
  await setColorScheme(page, "light");
}

async function openTable(page: Page, table: string) {
  await open(page, "/projects");
  await page.getByRole("link", { name: PROJECT }).click();
  await page.getByRole("table", { name: "Enabled tables" }).getByText(table, { exact: true }).first().waitFor();
  await page
    .getByRole("table", { name: "Enabled tables" })
    .getByRole("row")
    .filter({ hasText: table })
    .getByRole("link")
    .click();
  // 226 column rows render in the browser: give a loaded machine more than the default 10 s.
  // (the heading is the table's display name: wait for the columns table's rows instead)
  await expect(page.getByRole("table", { name: "Columns" }).getByRole("row").nth(1)).toBeAttached({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
}

test("create a project, enable two tables, choose columns, online only, permissions; all kept after reload", async ({
  page,
  signInAs,
  snap,
}) => {
  // Many steps on a shared, loaded machine: more than the default minute.
  test.setTimeout(240_000);
  await signInAs("owner");
  await open(page, "/projects/new");
  await both(page, snap, "projects-new-empty");
  await page.getByRole("textbox", { name: "Name" }).fill(PROJECT);
  await page.getByRole("textbox", { name: "Description" }).fill("What the field sales team takes on the road");
  await page.getByRole("combobox", { name: "Environment" }).click();
  await page.getByRole("option", { name: ENV_NAME }).click();
  const roles = page.getByRole("combobox", { name: "Security roles" });
  await roles.fill("Salesperson");
  await roles.press("Enter");
  await page.getByLabel("Priority of Salesperson").fill("20");
  await expect(page.getByRole("list", { name: "Resulting priority order" })).toContainText(`Salesperson → ${PROJECT}`);
  // (setColorScheme reloads the page: only plain snapshots while a form holds unsaved input)
  await snap("projects-new-filled");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).not.toHaveURL(/\/projects\/new$/);
  await expect(page.getByRole("heading", { name: PROJECT })).toBeVisible();
  await expect(page.getByText("No tables yet", { exact: true })).toBeVisible();

  // Enable tables: search, pick two at once.
  await page.getByRole("button", { name: "Enable tables" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Enable tables" });
  await dialog.getByRole("textbox", { name: "Search tables" }).fill("contact");
  await dialog.getByRole("checkbox", { name: "Pick contact" }).check();
  await dialog.getByRole("textbox", { name: "Search tables" }).fill("action");
  await dialog.getByRole("checkbox", { name: "Pick appbase_actionitem" }).check();
  await snap("projects-enable-tables");
  await dialog.getByRole("button", { name: "Enable 2 tables" }).click();
  const tables = page.getByRole("table", { name: "Enabled tables" });
  await expect(tables.getByText("contact", { exact: true }).first()).toBeVisible();
  await expect(tables.getByText("appbase_actionitem", { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("validation-panel")).toBeVisible();
  await both(page, snap, "projects-overview");

  // contact: two more columns and a read-only one; locked columns cannot be removed.
  await openTable(page, "contact");
  await expect(page.getByRole("checkbox", { name: "Select contactid" })).toBeDisabled();
  await page.getByRole("textbox", { name: "Search columns" }).fill("telephone1");
  await page.getByRole("checkbox", { name: "Select telephone1" }).check();
  await page.getByRole("textbox", { name: "Search columns" }).fill("emailaddress1");
  await page.getByRole("checkbox", { name: "Select emailaddress1" }).check();
  await page.getByRole("checkbox", { name: "emailaddress1 read-only" }).check();
  await page.getByRole("textbox", { name: "Search columns" }).fill("");
  await page.getByRole("switch", { name: "Delete rows" }).uncheck();
  await snap("projects-table-contact-unsaved");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved contact \(revision 2\)/)).toBeVisible();
  await both(page, snap, "projects-table-contact");

  // appbase_actionitem: online only (the sync filter button goes away), no create, no share.
  await openTable(page, "appbase_actionitem");
  await expect(page.getByRole("link", { name: "Sync filter" })).toBeVisible();
  await page.getByRole("radio", { name: "Online only" }).check();
  await expect(page.getByRole("link", { name: "Sync filter" })).toHaveCount(0);
  await page.getByRole("switch", { name: "Create rows" }).uncheck();
  await page.getByRole("switch", { name: "Share rows" }).uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved appbase_actionitem \(revision 2\)/)).toBeVisible();

  // Reload everything: kept.
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("radio", { name: "Online only" })).toBeChecked();
  await expect(page.getByRole("switch", { name: "Create rows" })).not.toBeChecked();
  await expect(page.getByRole("switch", { name: "Share rows" })).not.toBeChecked();
  await expect(page.getByRole("switch", { name: "Read rows" })).toBeChecked();
  await openTable(page, "contact");
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("checkbox", { name: "Select telephone1" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Select emailaddress1" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "emailaddress1 read-only" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Select fax" })).not.toBeChecked();
  await expect(page.getByRole("switch", { name: "Delete rows" })).not.toBeChecked();
  await open(page, "/projects");
  const row = page.getByRole("table", { name: "Projects" }).getByRole("row").filter({ hasText: PROJECT });
  await expect(row).toContainText(ENV_NAME);
  await expect(row).toContainText("Salesperson · 20");
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");
  await both(page, snap, "projects-list");
});

test("names: a table by its display name with its logical name second, and one column type vocabulary", async ({
  page,
  signInAs,
  snap,
}) => {
  test.setTimeout(120_000);
  await signInAs("editor");
  await open(page, "/projects");
  await page.getByRole("link", { name: PROJECT }).click();
  // The real Web API files give contact no DisplayName, only the plural "People": it leads, "contact" follows.
  const row = page.getByRole("table", { name: "Enabled tables" }).getByRole("row").filter({ hasText: "contact" });
  const cell = row.getByRole("cell").first();
  await expect(cell.getByRole("link")).toHaveText("People");
  await expect(cell).toHaveText(/^People\s*contact/);

  await openTable(page, "contact");
  await expect(page.getByRole("heading", { level: 2, name: "People", exact: true })).toBeVisible();
  await page.getByRole("textbox", { name: "Search columns" }).fill("preferredcontactmethodcode");
  const editorRow = page.getByRole("table", { name: "Columns" }).getByRole("row").nth(1);
  await expect(editorRow.getByRole("cell").nth(1)).toHaveText(
    /^Preferred Method of Contact\s*preferredcontactmethodcode/,
  );
  await expect(editorRow.getByRole("cell").nth(2)).toHaveText("Choice");
  await page.getByRole("textbox", { name: "Search columns" }).fill("description");
  await expect(
    page.getByRole("table", { name: "Columns" }).getByRole("row").filter({ hasText: "Description" }).first(),
  ).toContainText("Multiline text");
  // The type filter offers the same words.
  await page.getByRole("textbox", { name: "Search columns" }).fill("");
  await page.getByRole("combobox", { name: "Column type" }).click();
  await expect(page.getByRole("option", { name: "Choice", exact: true })).toBeVisible();
  await expect(page.getByRole("option", { name: "picklist" })).toHaveCount(0);
  await page.getByRole("option", { name: "Choice", exact: true }).click();
  await expect(editorRow.getByRole("cell").nth(2)).toHaveText("Choice");
  await snap("names-table-editor-light");

  // The metadata browser of the same snapshot: the same names, the same type label.
  await open(
    page,
    `/environments/${seeded.environmentId}/snapshots/${seeded.snapshotId}/tables/contact?column=preferredcontactmethodcode`,
  );
  await expect(page.getByRole("heading", { level: 2, name: "People (contact)" })).toBeVisible();
  const browserRow = page.getByTestId("columns-list").getByRole("listitem").first();
  await expect(browserRow).toContainText(/^Preferred Method of Contact\s*preferredcontactmethodcode/);
  await expect(browserRow).toContainText("Choice");
  await snap("names-metadata-browser-light");
});

test("the validation panel updates as the admin edits, and its links jump to the column", async ({
  page,
  signInAs,
  snap,
}) => {
  await signInAs("editor");
  await openTable(page, "contact");
  const panel = page.getByTestId("validation-panel");
  const title = "Required column not selected: Last Name (lastname)";
  await expect(panel).not.toContainText(title);
  // lastname is business required for create: deselecting it is an error at once, before saving.
  await page.getByRole("textbox", { name: "Search columns" }).fill("lastname");
  await page.getByRole("checkbox", { name: "Select lastname" }).uncheck();
  // The issue leads with its short title under its table; the detail and the link sit behind it.
  await panel.getByRole("button", { name: title }).click();
  await expect(panel.getByRole("link", { name: "Go to Last Name (lastname)" })).toBeVisible();
  await snap("projects-validation-live");
  await page.getByRole("textbox", { name: "Search columns" }).fill("");
  await panel.getByRole("link", { name: "Go to Last Name (lastname)" }).click();
  await expect(page).toHaveURL(/#columns-lastname$/);
  await page.getByRole("checkbox", { name: "Select lastname" }).check();
  await expect(panel.getByRole("link", { name: "Go to Last Name (lastname)" })).toHaveCount(0);
});

test("the save bar hides no column row: the first row reached with the keyboard is visible and clickable", async ({
  page,
  signInAs,
  snap,
}) => {
  await signInAs("editor");
  await page.setViewportSize({ width: 1280, height: 720 });
  await openTable(page, "contact");
  const bar = page.locator('[aria-label="Save bar"]');
  await expect(bar).toBeVisible();
  // The first row a user can change (a locked column's checkbox is disabled).
  const box = page
    .getByRole("table", { name: "Columns" })
    .locator('tbody input[type="checkbox"]:not([disabled])')
    .first();
  // Focus scrolls the row just into view, at the window's bottom edge, where the bar floats.
  await page.evaluate(() => window.scrollTo(0, 0));
  await box.focus();
  const overlap = await box.evaluate((el) => {
    const row = el.getBoundingClientRect();
    const barBox = document.querySelector('[aria-label="Save bar"]')!.getBoundingClientRect();
    const hit = document.elementFromPoint(row.left + row.width / 2, row.top + row.height / 2);
    return { below: row.bottom > barBox.top, hitsRow: !!hit && !!el.closest("tr")?.contains(hit) };
  });
  expect(overlap, "the first column row is under the save bar").toEqual({ below: false, hitsRow: true });
  // Scrolling down to the table brings it up from the bottom of the window: its whole scrolling window, first
  // rows included, stays above the bar.
  const columns = page.getByRole("table", { name: "Columns" });
  const clear = await columns.evaluate((el) => {
    const window = el.closest(".mantine-ScrollArea-viewport") ?? el;
    window.scrollIntoView({ block: "end" });
    const barTop = document.querySelector('[aria-label="Save bar"]')!.getBoundingClientRect().top;
    return { windowBottom: Math.round(window.getBoundingClientRect().bottom), barTop: Math.round(barTop) };
  });
  expect(clear.windowBottom, "rows of the columns table are under the save bar").toBeLessThanOrEqual(clear.barTop);
  await snap("projects-table-editor-first-row");
  await box.focus();
  const was = await box.isChecked();
  await box.click({ trial: true });
  await box.click();
  await expect(box).toBeChecked({ checked: !was });
  await expect(page.getByText(/^Unsaved changes/)).toBeVisible();
  await page.getByRole("button", { name: "Discard" }).click();
});

test("two admins editing the same table: the second sees what the first changed, and may overwrite", async ({
  browser,
  page,
  signInAs,
  snap,
}) => {
  await signInAs("owner");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const response = await otherPage.request.post("/auth/sign-in", {
    data: { email: SEEDED.editor.email, password: SEEDED.editor.password },
  });
  expect(response.status()).toBe(200);

  await openTable(page, "contact");
  await openTable(otherPage, "contact");

  // The editor adds fax and saves first.
  await otherPage.getByRole("textbox", { name: "Search columns" }).fill("fax");
  await otherPage.getByRole("checkbox", { name: "Select fax" }).check();
  await otherPage.getByRole("button", { name: "Save", exact: true }).click();
  await expect(otherPage.getByText(/Saved contact/)).toBeVisible();

  // The owner, still on the old revision, turns write off and saves: conflict.
  await page.getByRole("switch", { name: "Edit rows" }).uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Another admin saved this table meanwhile" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("their-changes")).toContainText("columns added: fax");
  await expect(dialog).toContainText(SEEDED.editor.email);
  await expect(dialog.getByRole("button", { name: "Overwrite with mine" })).toBeEnabled();
  await snap("projects-conflict-light");
  await dialog.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(page.getByText(/Saved contact \(revision \d+\)/)).toBeVisible();
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("switch", { name: "Edit rows" })).not.toBeChecked();
  await other.close();
});

test("leaving the table editor with unsaved changes asks first: by a link, the back button or closing the tab", async ({
  page,
  signInAs,
  snap,
}) => {
  test.setTimeout(240_000);
  await signInAs("editor");
  await openTable(page, "contact");
  const tableUrl = page.url();
  const ask = page.getByRole("dialog", { name: "Leave without saving?" });
  const fax = page.getByRole("checkbox", { name: "Select fax" });
  const nav = page.getByRole("navigation", { name: "Main navigation" });

  // Nothing unsaved: a link leaves at once.
  await nav.getByRole("link", { name: "Environments" }).click();
  await expect(page).toHaveURL(/\/environments$/);
  await openTable(page, "contact");

  await page.getByRole("textbox", { name: "Search columns" }).fill("fax");
  const wasChecked = await fax.isChecked();
  await fax.click();
  await expect(page.getByText(/^Unsaved changes/)).toBeVisible();

  // A link: asked; staying keeps the edit.
  await nav.getByRole("link", { name: "Environments" }).click();
  await expect(ask).toBeVisible();
  await snap("projects-leave-guard-light");
  await ask.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(ask).toBeHidden();
  await expect(page).toHaveURL(tableUrl);
  await expect(fax).toBeChecked({ checked: !wasChecked });

  // The back button: asked; staying keeps the edit, and the next step back asks again; leaving leaves.
  await page.goBack();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(page).toHaveURL(tableUrl);
  await expect(fax).toBeChecked({ checked: !wasChecked });
  await page.goBack();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Leave and discard" }).click();
  await expect(page.getByRole("table", { name: "Enabled tables" })).toBeVisible();
  await expect(page).not.toHaveURL(/\/tables\//);

  // Closing the tab: the browser's own prompt.
  await openTable(page, "contact");
  await page.getByRole("textbox", { name: "Search columns" }).fill("fax");
  await expect(fax).toBeChecked({ checked: wasChecked });
  await fax.click();
  const prompt = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await prompt;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);

  // A link, confirmed: leaves, and the change is not saved.
  await nav.getByRole("link", { name: "Environments" }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Leave and discard" }).click();
  await expect(page).toHaveURL(/\/environments$/);
  await openTable(page, "contact");
  await page.getByRole("textbox", { name: "Search columns" }).fill("fax");
  await expect(fax).toBeChecked({ checked: wasChecked });
});

test("a viewer sees the project read-only", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await open(page, "/projects");
  await expect(page.getByRole("link", { name: "New project" })).toHaveCount(0);
  await openTable(page, "contact");
  await expect(page.getByText("Read-only: your role cannot edit")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "Create rows" })).toBeDisabled();
  await snap("projects-table-viewer");
});

test("the project's roles, settings and re-target tabs (screenshots)", async ({ page, signInAs, snap }) => {
  await signInAs("owner");
  await open(page, "/projects");
  const href = await page.getByRole("table", { name: "Projects" }).getByRole("link").first().getAttribute("href");
  for (const tab of ["roles", "settings", "retarget"]) {
    await open(page, `${href}?tab=${tab}`);
    await expect(page.getByRole("tab", { selected: true })).toBeVisible();
    await both(page, snap, `projects-tab-${tab}`);
  }
  await expect(page.getByText(/has no other snapshot|Re-target to snapshot/).first()).toBeVisible();
});
