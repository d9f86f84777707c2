// The form and view designers as an admin uses them on contact of the real snapshot: create a main form, add a tab,
// drag three columns into it, move fields with the keyboard only (within a section and to another tab), reorder the
// tabs by keyboard drag and drop and with the move buttons, make one
// required and see the phone preview change, save, reload and find everything kept; build a view with two sort
// levels and rows coloured by a choice column and save it; axe finds no serious or critical violation; screenshots in light and dark.
import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";
import { dndLiveRegion, pickUpWithKeyboard } from "./support/keyboard-drag";
import type { Locator, Page } from "@playwright/test";

const RUN = Date.now().toString(36);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "docs/screenshots");
let projectId = "";

test.use({ viewport: { width: 1840, height: 1200 } });

test.beforeAll(() => {
  const { dataDir } = readState();
  const env = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: dataDir,
    SEED_ENVIRONMENT_NAME: `Designer org ${RUN}`,
    SEED_PROJECT_NAME: `Designer ${RUN}`,
    LOG_LEVEL: "warn",
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-designer-project.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the designer project failed:\n${seed.stdout}\n${seed.stderr}`);
  projectId = (JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as { projectId: string }).projectId;
});

/** Light and dark in place (a reload would drop unsaved edits): Mantine's colours hang on the <html> attribute. */
async function shoot(page: Page, target: Page | Locator, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await target.screenshot({
      path: path.join(SHOTS, `${name}-${scheme}.png`),
      ...("goto" in target ? { fullPage: true } : {}),
    });
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

async function noSeriousViolations(page: Page) {
  // The designer's own content; the app shell and the validation panel are checked with their own screens.
  const results = await new AxeBuilder({ page }).include("main").exclude('[data-testid="validation-panel"]').analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 120)}`).join(", ")})`,
    ),
  ).toEqual([]);
}

/** Drags with the mouse in small steps, as dnd-kit's pointer sensor needs to see a movement. */
async function drag(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 4 });
  await to.scrollIntoViewIfNeeded();
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 8, { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 6, { steps: 2 });
  await page.mouse.up();
}

const canvas = (page: Page) => page.getByTestId("form-canvas");
const section = (page: Page, tab: string, name: string) =>
  canvas(page).locator(`[data-tab="${tab}"]`).locator(`[data-section="${name}"]`);
const fieldsIn = (page: Page, tab: string, name: string) =>
  section(page, tab, name)
    .locator("[data-field]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-field")));
const preview = (page: Page) => page.getByTestId("device-preview");

test("design a main form of contact with the mouse and the keyboard, preview it, save and reload", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(300_000);
  await signInAs("owner");
  await page.goto(`/projects/${projectId}/tables/contact`);
  await page.getByRole("link", { name: "Forms" }).click();
  await expect(page).toHaveURL(new RegExp(`/tables/contact/forms$`));
  await waitForHydration(page);
  await expect(page.getByText("No forms yet")).toBeVisible();

  await page.getByRole("button", { name: "New main form", exact: true }).click();
  // The designer of a 300-column table renders in a client navigation: slow on a loaded machine (as form-rules).
  await expect(page).toHaveURL(/\/tables\/contact\/forms\/form-[a-z0-9]+$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Form Main form" })).toBeVisible();
  await waitForHydration(page);

  // Last Name into General with the palette's + button: Dataverse requires it, so it is required and locked.
  await page.getByRole("textbox", { name: "Search columns" }).fill("last name");
  await page.getByRole("button", { name: "Add column Last Name to the form", exact: true }).click();
  await expect(section(page, "General", "General").locator('[data-field="lastname"]')).toBeVisible();

  // A new tab with a section, renamed in the property panel.
  await page.getByRole("button", { name: "Add tab", exact: true }).click();
  await page.getByRole("menuitem", { name: "Tab of sections and fields" }).click();
  const properties = page.getByTestId("properties");
  await properties.getByRole("textbox", { name: "Label" }).fill("Reach");
  await expect(canvas(page).locator('[data-tab="Reach"]')).toBeVisible();
  await page.getByRole("button", { name: "Section General", exact: true }).nth(1).click();
  await properties.getByRole("textbox", { name: "Label" }).fill("Contact");
  await expect(section(page, "Reach", "Contact")).toBeVisible();

  // Three columns dragged from the palette into the new tab's section.
  for (const [search, label] of [
    ["emailaddress1", "Email"],
    ["telephone1", "Business Phone"],
    ["jobtitle", "Job Title"],
  ]) {
    await page.getByRole("textbox", { name: "Search columns" }).fill(search);
    await drag(
      page,
      page.getByRole("button", { name: `Drag column ${label} onto the form`, exact: true }),
      section(page, "Reach", "Contact"),
    );
    await expect(section(page, "Reach", "Contact").locator(`[data-field="${search}"]`)).toBeVisible();
  }
  expect(await fieldsIn(page, "Reach", "Contact")).toEqual(["emailaddress1", "telephone1", "jobtitle"]);
  // The palette marks what is on the form.
  await page.getByRole("textbox", { name: "Search columns" }).fill("jobtitle");
  await expect(page.locator('[data-palette-column="jobtitle"]')).toContainText("on the form");

  // Keyboard only, with dnd-kit's keyboard sensor: Job Title one place up within its section, announced.
  const live = dndLiveRegion(page);
  await pickUpWithKeyboard(
    page,
    page.getByRole("button", { name: "Move field Job Title", exact: true }),
    "field Job Title",
  );
  await page.keyboard.press("ArrowUp");
  // Drop once dnd-kit has found what the field is over (it says so, with the position from the model), not before.
  await expect(live).toContainText("is over section Contact, position 2");
  await page.keyboard.press("Space");
  await expect.poll(() => fieldsIn(page, "Reach", "Contact")).toEqual(["emailaddress1", "jobtitle", "telephone1"]);
  await expect(live).toContainText("Moved field Job Title to section Contact, position 2");

  // Keyboard only, with the explicit command: Email to tab General.
  await page.getByRole("button", { name: "Field Email", exact: true }).focus();
  await page.keyboard.press("Enter");
  const moveTo = properties.getByRole("combobox", { name: "Move to tab" });
  await moveTo.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(moveTo).toHaveValue("General");
  await page.keyboard.press("Tab");
  await expect(properties.getByRole("button", { name: "Move", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(() => fieldsIn(page, "General", "General")).toEqual(["lastname", "emailaddress1"]);
  expect(await fieldsIn(page, "Reach", "Contact")).toEqual(["jobtitle", "telephone1"]);
  await expect(page.getByTestId("designer-announcement")).toHaveText(
    "Moved field Email to section General of tab General, position 2",
  );

  // Tabs reorder by keyboard drag and drop too (announced with positions from the model), and with the move buttons.
  const tabOrder = () =>
    canvas(page)
      .locator("[data-tab]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-tab")));
  await pickUpWithKeyboard(page, page.getByRole("button", { name: "Move tab Reach", exact: true }), "tab Reach");
  await page.keyboard.press("ArrowUp");
  await expect(live).toContainText("Tab Reach is over tab General, position 1 of 2");
  await page.keyboard.press("Space");
  await expect.poll(tabOrder).toEqual(["Reach", "General"]);
  await expect(live).toContainText("Moved tab Reach to position 1 of 2");
  await expect(preview(page).getByRole("tab")).toHaveText(["Reach", "General"]);
  // The drop selected the tab: its Later button puts it back.
  await properties.getByRole("button", { name: "Later", exact: true }).click();
  await expect.poll(tabOrder).toEqual(["General", "Reach"]);
  await expect(page.getByTestId("designer-announcement")).toHaveText("Moved tab Reach to position 2");

  // Business Phone required: the preview marks it.
  await preview(page).getByRole("tab", { name: "Reach" }).click();
  const phone = preview(page).locator('[data-field="telephone1"]');
  await expect(phone).toHaveAttribute("data-required", "false");
  await page.getByRole("button", { name: "Field Business Phone", exact: true }).click();
  await properties.getByRole("switch", { name: "Required" }).check();
  await expect(phone).toHaveAttribute("data-required", "true");
  await expect(preview(page).getByText("Business Phone")).toBeVisible();
  // Last Name's requirement is Dataverse's: locked, saying why.
  await page.getByRole("button", { name: "Field Last Name", exact: true }).click();
  await expect(properties.getByRole("switch", { name: "Required" })).toBeDisabled();
  await expect(properties).toContainText("business required");

  // Undo and redo with the keyboard shortcuts (focus outside inputs).
  await page.getByRole("button", { name: "Field Business Phone", exact: true }).focus();
  await page.keyboard.press("Control+z");
  await expect(phone).toHaveAttribute("data-required", "false");
  await page.keyboard.press("Control+Shift+z");
  await expect(phone).toHaveAttribute("data-required", "true");

  await noSeriousViolations(page);
  await page.getByRole("button", { name: "Field Business Phone", exact: true }).click();
  await shoot(page, page, "form-designer");
  await shoot(page, preview(page), "phone-preview");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved form Main form/)).toBeVisible();
  await expect(page.getByText("No unsaved changes.")).toBeVisible();

  await page.reload();
  await waitForHydration(page);
  await expect.poll(() => fieldsIn(page, "General", "General")).toEqual(["lastname", "emailaddress1"]);
  expect(await fieldsIn(page, "Reach", "Contact")).toEqual(["jobtitle", "telephone1"]);
  await preview(page).getByRole("tab", { name: "Reach" }).click();
  await expect(preview(page).locator('[data-field="telephone1"]')).toHaveAttribute("data-required", "true");
  // The columns the form reads are selected for the device by the save.
  await page.goto(`/projects/${projectId}/tables/contact/forms`);
  await expect(page.getByRole("table", { name: "Forms" })).toContainText("Main form");
});

test("build a view of contact with two sort levels, preview it, save and reload", async ({ page, signInAs }) => {
  test.setTimeout(240_000);
  await signInAs("owner");
  await page.goto(`/projects/${projectId}/tables/contact/views`);
  await waitForHydration(page);
  await expect(page.getByText("No views yet")).toBeVisible();
  await page.getByRole("button", { name: "New view", exact: true }).click();
  await expect(page).toHaveURL(/\/tables\/contact\/views\/view-[a-z0-9]+$/, { timeout: 30_000 });
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Active people");

  const add = page.getByRole("combobox", { name: "Add a column" });
  for (const name of ["emailaddress1", "numberofchildren"]) {
    await add.fill(name);
    await page.getByRole("option", { name: new RegExp(`\\(${name}\\)`) }).click();
  }
  await expect(page.getByTestId("view-columns").locator("[data-view-column]")).toHaveCount(3);
  // Keyboard reorder: Email first.
  const live = dndLiveRegion(page);
  await pickUpWithKeyboard(page, page.getByRole("button", { name: "Move column Email", exact: true }), "column Email");
  await page.keyboard.press("ArrowUp");
  await expect(live).toContainText("is over position 1");
  await page.keyboard.press("Space");
  await expect
    .poll(() =>
      page
        .getByTestId("view-columns")
        .locator("[data-view-column]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-view-column"))),
    )
    .toEqual(["emailaddress1", "fullname", "numberofchildren"]);

  // Second sort level: number of children, descending.
  await page.getByRole("button", { name: "Add sort level", exact: true }).click();
  await page.getByRole("combobox", { name: "Sort level 2 column" }).fill("numberofchildren");
  await page.getByRole("option", { name: /\(numberofchildren\)/ }).click();
  await page.getByRole("radiogroup", { name: "Sort level 2 direction" }).getByText("Descending").click();
  await expect(page.getByTestId("preview-rows")).toBeVisible();

  // Rows coloured by Status, with an icon: every sample row of the live preview carries its option's colour.
  const rowStyle = page.getByRole("region", { name: "Row colour and icon" });
  await rowStyle.getByRole("combobox", { name: "Colour rows by" }).fill("statecode");
  await page.getByRole("option", { name: /\(statecode\)/ }).click();
  for (const [option, colour, icon] of [
    ["Active", "Green", "Check"],
    ["Inactive", "Gray", "Lock"],
  ]) {
    await rowStyle.getByRole("combobox", { name: `Colour of ${option}` }).click();
    await page.getByRole("option", { name: colour, exact: true }).click();
    await rowStyle.getByRole("combobox", { name: `Icon of ${option}` }).click();
    await page.getByRole("option", { name: icon, exact: true }).click();
  }
  const rows = page.getByTestId("preview-rows").locator("li");
  const styled = page.getByTestId("preview-rows").locator("li[data-row-color]");
  await expect(styled).toHaveCount(await rows.count());
  await expect(
    page.getByTestId("preview-rows").locator('li[data-row-color="green"][data-row-icon="check"]').first(),
  ).toBeVisible();
  await expect(rowStyle.getByTestId("row-style-issue")).toHaveCount(0);

  await noSeriousViolations(page);
  await shoot(page, page, "view-designer");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved view Active people/)).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "View Active people" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Sort level 1 column" })).toHaveValue("Full Name (fullname)");
  await expect(page.getByRole("combobox", { name: "Sort level 2 column" })).toHaveValue(
    "No. of Children (numberofchildren)",
  );
  await expect(page.getByRole("combobox", { name: "Colour rows by" })).toHaveValue("Status (statecode)");
  await expect(page.getByRole("combobox", { name: "Icon of Inactive" })).toHaveValue("Lock");
  await page.goto(`/projects/${projectId}/tables/contact/views`);
  await expect(page.getByRole("table", { name: "Views" })).toContainText("Active people");
  await expect(page.getByRole("table", { name: "Views" })).toContainText("default");
});
