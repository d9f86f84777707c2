// Metadata snapshots as an owner manages them: import the managed solution (contact only in part), add a Web API
// export of contact to it (a new, combined snapshot that lists its sources and where each table came from), rename
// the combined snapshot and find the new name in the new-project picker, see that a snapshot a project uses cannot
// be deleted (and who uses it), and delete an unused one. Axe on the snapshot page; light and dark screenshots.
import path from "node:path";
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, setColorScheme, waitForHydration } from "./support/fixtures";

const DATA = path.resolve(process.cwd(), "../shared/data/dataverse");
const SOLUTION_ZIP = path.join(DATA, "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip");
const CONTACT_JSON = path.join(DATA, "webapi-entitydefinitions/contact.EntityDefinitions.json");
const suffix = randomBytes(3).toString("hex");
const ENV_NAME = `Snapshots org ${suffix}`;
const NEW_NAME = `Nonprofit with full contact ${suffix}`;
const PROJECT = `Snapshot user ${suffix}`;

test.describe.configure({ mode: "serial" });

test("combine, rename, and delete snapshots", async ({ page, signInAs, snap }) => {
  test.setTimeout(300_000);
  await signInAs("owner");
  await page.goto("/environments");
  await page.getByRole("link", { name: "Add environment" }).first().click();
  await page.getByLabel("Name").fill(ENV_NAME);
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page.getByRole("heading", { name: ENV_NAME })).toBeVisible({ timeout: 30_000 });
  const environmentPath = new URL(page.url()).pathname;
  await waitForHydration(page);

  // 1. The managed solution, as a new snapshot with a readable name.
  let chooser = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await chooser).setFiles(SOLUTION_ZIP);
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Snapshot stored" })).toContainText(
    /as "Solution NonprofitCore · [\d,]+ tables · \d{4}-\d\d-\d\d \d\d:\d\d UTC"/,
  );
  const rows = page.getByTestId("snapshot-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(/Solution NonprofitCore · [\d,]+ tables/);

  // 2. Contact's Web API export added to it: a new snapshot, the first one unchanged.
  await page.getByRole("radio", { name: "Add to a snapshot" }).check();
  await expect(page.getByRole("combobox", { name: "Snapshot to complete" })).toHaveValue(/^Solution NonprofitCore/);
  chooser = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await chooser).setFiles(CONTACT_JSON);
  await snap("snapshots-add-to-light");
  await page.getByRole("button", { name: "Add to snapshot" }).click();
  const stored = page.getByRole("status").filter({ hasText: "Combined snapshot stored" });
  await expect(stored).toContainText(/Added to "Solution NonprofitCore[^"]*": 0 tables added, 1 table completed/);
  await expect(rows).toHaveCount(2);
  const combinedRow = rows.filter({ hasText: "Combined" });
  await expect(combinedRow).toContainText(/Solution NonprofitCore \+ Web API JSON · [\d,]+ tables/);

  // 3. The combined snapshot's page lists its sources and where contact came from.
  await combinedRow.getByRole("link", { name: "Browse" }).click();
  await expect(page.getByTestId("snapshot-name")).toHaveText(/^Solution NonprofitCore \+ Web API JSON · /);
  const sources = page.getByTestId("snapshot-source");
  await expect(sources).toHaveCount(2);
  await expect(sources.nth(0)).toContainText("1. Solution NonprofitCore");
  await expect(sources.nth(0)).toContainText("NonprofitCore_2_2_3_0_managed.zip");
  await expect(sources.nth(1)).toContainText("2. Web API JSON");
  await expect(sources.nth(1)).toContainText("contact.EntityDefinitions.json: 1 table");
  await page.getByRole("textbox", { name: "Where each table came from" }).fill("contact");
  const contact = page
    .getByTestId("table-origin")
    .filter({ has: page.getByRole("link", { name: "contact", exact: true }) });
  await expect(contact).toContainText("2. Web API JSON");
  await page.getByRole("textbox", { name: "Where each table came from" }).fill("");
  await waitForHydration(page);
  // The new parts of the page: the name with its rename button and the sources panel. (The page's older parts, the
  // dimmed texts and light badges of the theme, do not pass color-contrast yet: left to the theme's owner.)
  const axe = await new AxeBuilder({ page }).include('[data-testid="snapshot-sources"]').include("main h2").analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await snap("snapshot-sources-light");
  await setColorScheme(page, "dark");
  await snap("snapshot-sources-dark");
  await setColorScheme(page, "light");

  // 4. Rename it; the new name is what pickers show.
  await page.getByRole("button", { name: "Rename snapshot" }).click();
  const nameBox = page.getByRole("textbox", { name: "Snapshot name" });
  await nameBox.fill("   ");
  await expect(page.getByRole("button", { name: "Save name" })).toBeDisabled();
  await nameBox.fill(NEW_NAME);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("snapshot-name")).toHaveText(NEW_NAME);
  const combinedPath = new URL(page.url()).pathname;

  await page.goto("/projects/new");
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Name" }).fill(PROJECT);
  await page.getByRole("combobox", { name: "Environment" }).click();
  await page.getByRole("option", { name: ENV_NAME }).click();
  await page.getByRole("combobox", { name: "Metadata snapshot" }).click();
  await expect(page.getByRole("option", { name: new RegExp(`^${NEW_NAME} · \\d{4}-`) })).toBeVisible();
  await expect(page.getByRole("option", { name: /^Solution NonprofitCore · [\d,]+ tables · / })).toBeVisible();
  await snap("snapshots-picker-light");
  await page.getByRole("option", { name: new RegExp(`^${NEW_NAME}`) }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: PROJECT })).toBeVisible();
  await expect(page.getByText(`snapshot ${NEW_NAME}`)).toBeVisible();

  // 5. A snapshot in use cannot be deleted: the dialog names the project.
  await page.goto(combinedPath);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Delete snapshot" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this snapshot?" });
  await expect(dialog.getByTestId("snapshot-usage")).toContainText(`project ${PROJECT}`);
  await expect(dialog.getByRole("button", { name: "Delete", exact: true })).toBeDisabled();
  await snap("snapshot-delete-in-use-light");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // 6. The unused solution snapshot is deleted.
  await page.goto(environmentPath);
  await waitForHydration(page);
  await rows.filter({ hasNotText: "Combined" }).getByRole("link", { name: "Browse" }).click();
  await expect(page.getByTestId("snapshot-name")).toHaveText(/^Solution NonprofitCore · /);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Delete snapshot" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this snapshot?" });
  await expect(confirm).toContainText("No project or published version uses it");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${environmentPath}$`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(NEW_NAME);
});
