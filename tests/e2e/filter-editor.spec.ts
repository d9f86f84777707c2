// The sync-filter editor as an admin uses it on contact: build "Status is Active AND (Owner is the current
// user OR Created On in the last 30 days)" with mouse and keyboard, see the FetchXML, save, reload and find it
// kept; import a FetchXML (an error with its position first) and see the tree; a viewer sees it read-only.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test, expect } from "./support/fixtures";
import { readState } from "./support/state";
import type { Page } from "@playwright/test";

const RUN = Date.now().toString(36);
let projectId = "";

test.describe.configure({ mode: "serial" });

/** Picks `item` from the Add menu at the head of the group the menu's label names. */
async function addTo(page: Page, where: string, item: string | RegExp) {
  await page.getByRole("button", { name: `Add to ${where}`, exact: true }).click();
  await page.getByRole("menuitem", typeof item === "string" ? { name: item, exact: true } : { name: item }).click();
}

test.beforeAll(() => {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: dataDir,
    SEED_ENVIRONMENT_NAME: `Filter org ${RUN}`,
    SEED_PROJECT_NAME: `Filters ${RUN}`,
    LOG_LEVEL: "warn",
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-filter-project.ts")],
    { cwd: root, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the filter project failed:\n${seed.stdout}\n${seed.stderr}`);
  projectId = (JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as { projectId: string }).projectId;
});

// Light and dark without a reload (a reload would drop the unsaved tree and close the dialog): Mantine's
// colours hang on the <html> attribute, so switching it re-themes the page in place.
async function both(page: Page, snap: (name: string) => Promise<void>, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => {
      document.documentElement.setAttribute("data-mantine-color-scheme", s);
      window.scrollTo(0, 0);
    }, scheme);
    await snap(`${name}-${scheme}`);
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

const fetchXml = (page: Page) => page.getByTestId("filter-fetchxml");

test("build Status is Active AND (Owner is me OR created in the last 30 days), save, reload, import", async ({
  page,
  signInAs,
  snap,
}) => {
  // Many steps on a shared, loaded machine: more than the default minute.
  test.setTimeout(240_000);
  await signInAs("owner");
  // The table page links to the filter page.
  await page.goto(`/projects/${projectId}/tables/contact`);
  await page.getByRole("link", { name: "Sync filter" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/tables/contact/filter$`));
  await expect(page.getByRole("heading", { name: "Sync filter of People" })).toBeVisible();
  await expect(page.getByText("Connect the environment to preview row counts")).toBeVisible();
  await expect(page.getByTestId("filter-sentence")).toHaveText("All People");

  // Preset with the keyboard.
  const preset = page.getByRole("combobox", { name: "Rows to download" });
  await preset.focus();
  await preset.press("Enter");
  await page.getByRole("option", { name: "Custom" }).click();

  // Status is Active: the column by display name with search, the value by its option label.
  // One Add menu at each group's head (not three buttons per level at its foot).
  await expect(page.getByRole("button", { name: /^Add to / })).toHaveCount(1);
  await addTo(page, "the top group", "Condition");
  const status = page.locator('[data-node="condition"]').nth(0);
  await status.getByRole("combobox", { name: "Column" }).fill("Status");
  await page.getByRole("option", { name: "Status statecode" }).click();
  await expect(status.getByRole("combobox", { name: "Operator" })).toHaveValue("is …");
  await status.getByRole("combobox", { name: "Value" }).click();
  await page.getByRole("option", { name: "Active", exact: true }).click();
  // Until the value is there, the node says what is missing; then it is clean.
  await expect(status.getByRole("alert")).toHaveCount(0);

  // A nested "or" group (a new group under "and" starts as "or") with its first empty condition.
  await addTo(page, "the top group", /^Group/);
  const group = page.locator('[data-node="group"][data-group-type="or"]');
  // Nesting shows: the nested group is one level in, with its own Add menu, and its parent's "and" between them.
  await expect(group).toHaveAttribute("data-depth", "1");
  await expect(page.getByRole("button", { name: /^Add to / })).toHaveCount(2);
  await expect(page.locator('[data-joiner="and"]')).toHaveCount(1);
  await expect(group.getByText("Pick a column for this condition, or remove it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  const owner = group.locator('[data-node="condition"]').nth(0);
  await owner.getByRole("combobox", { name: "Column" }).fill("ownerid");
  await page.getByRole("option", { name: "Owner ownerid" }).click();
  // The operator list fits the column type: a lookup has the user operators, no text ones.
  await owner.getByRole("combobox", { name: "Operator" }).click();
  await expect(page.getByRole("option", { name: /begins with/ })).toHaveCount(0);
  await owner.getByRole("combobox", { name: "Operator" }).fill("eq-userid");
  await page.getByRole("option", { name: /is the current user\s*eq-userid/ }).click();
  await expect(owner.getByRole("textbox", { name: "Value" })).toHaveCount(0);
  await expect(owner.getByRole("combobox", { name: "Value" })).toHaveCount(0);
  // The current user is fine on a device; a business-unit operator is flagged: Dataverse applies it, a device cannot.
  await expect(owner.locator("[data-device-flag]")).toHaveCount(0);

  await addTo(page, "this group", "Condition");
  const created = group.locator('[data-node="condition"]').nth(1);
  await created.getByRole("combobox", { name: "Column" }).fill("Created On");
  await page.getByRole("option", { name: "Created On createdon" }).click();
  await created.getByRole("combobox", { name: "Operator" }).fill("last-x-days");
  await page.getByRole("option", { name: /is in the last … days\s*last-x-days/ }).click();
  await created.getByRole("textbox", { name: "Value" }).fill("30");

  const expected = [
    '<filter type="and">',
    '<condition attribute="statecode" operator="eq" value="0" />',
    '<filter type="or">',
    '<condition attribute="ownerid" operator="eq-userid" />',
    '<condition attribute="createdon" operator="last-x-days" value="30" />',
    "</filter>",
  ];
  const shown = async () => ((await fetchXml(page).textContent()) ?? "").split("\n").map((l) => l.trim());
  await expect.poll(async () => (await shown()).join("\n")).toContain(expected.join("\n"));
  await expect(page.getByTestId("filter-sentence")).toHaveText(
    "People whose Status is Active and (whose Owner is the current user or whose Created On is in the last 30 days)",
  );
  await page.getByRole("tab", { name: "OData $filter" }).click();
  await expect(page.getByTestId("filter-odata")).toHaveText(
    "statecode eq 0 and (Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid') or Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=30))",
  );
  await page.getByRole("tab", { name: "FetchXML" }).click();
  // A construct a device cannot evaluate itself carries lib's flag, its reason in a tooltip.
  await addTo(page, "the top group", "Condition");
  const fiscal = page.locator('[data-node="condition"]').last();
  await fiscal.getByRole("combobox", { name: "Column" }).fill("Created On");
  await page.getByRole("option", { name: "Created On createdon" }).click();
  await fiscal.getByRole("combobox", { name: "Operator" }).fill("this-fiscal-year");
  await page.getByRole("option", { name: /is in this fiscal year\s*this-fiscal-year/ }).click();
  const flag = fiscal.locator('[data-device-flag="Server only"]');
  await expect(flag).toBeVisible();
  await flag.hover();
  await expect(page.getByRole("tooltip")).toContainText("fiscal year settings");
  await both(page, snap, "filter-editor-built");
  await fiscal.getByRole("button", { name: "Remove condition" }).click();
  await expect(page.locator('[data-node="condition"]')).toHaveCount(3);

  // Reorder with the keyboard: move the Created On condition up, then back.
  await created.getByRole("button", { name: "Move condition up" }).focus();
  await page.keyboard.press("Enter");
  await expect
    .poll(async () => (await shown()).join("\n"))
    .toContain(
      '<filter type="or">\n<condition attribute="createdon" operator="last-x-days" value="30" />\n<condition attribute="ownerid"',
    );
  await group.locator('[data-node="condition"]').nth(1).getByRole("button", { name: "Move condition up" }).click();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved the sync filter of contact (revision 2).")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Revision 2.").filter({ visible: true })).toBeVisible();
  await expect.poll(async () => (await shown()).join("\n")).toContain(expected.join("\n"));
  await expect(page.getByRole("combobox", { name: "Rows to download" })).toHaveValue("Custom");
  await expect(page.locator('[data-node="condition"]')).toHaveCount(3);

  // Import: an error names the element and its line:column; a good one replaces the tree after confirmation.
  await page.getByRole("button", { name: "Import FetchXML" }).click();
  const dialog = page.getByRole("dialog", { name: "Import FetchXML" });
  await dialog
    .getByRole("textbox", { name: "FetchXML" })
    .fill(
      '<fetch>\n  <entity name="contact">\n    <filter><condition attribute="statecode" operator="bogus"/></filter>\n  </entity>\n</fetch>',
    );
  await dialog.getByRole("button", { name: "Read FetchXML" }).click();
  await expect(dialog.getByText("pasted FetchXML:3:13 <condition>")).toBeVisible();
  await dialog
    .getByRole("textbox", { name: "FetchXML" })
    .fill(
      '<fetch version="1.0"><entity name="contact"><attribute name="fullname"/><order attribute="fullname"/><filter type="and"><condition attribute="lastname" operator="begins-with" value="A"/><filter type="or"><condition attribute="createdon" operator="last-x-months" value="6"/><condition attribute="donotemail" operator="eq" value="0"/></filter></filter></entity></fetch>',
    );
  await dialog.getByRole("button", { name: "Read FetchXML" }).click();
  await expect(dialog.getByTestId("import-preview")).toHaveText(
    'People whose Last Name begins with "A" and (whose Created On is in the last 6 months or whose Do not allow Emails is Allow)',
  );
  await expect(dialog.getByText("This replaces the conditions you have now.")).toBeVisible();
  await both(page, snap, "filter-editor-import");
  await dialog.getByRole("button", { name: "Replace the conditions" }).click();
  await expect(dialog).toBeHidden();
  const conditions = page.locator('[data-node="condition"]');
  await expect(conditions).toHaveCount(3);
  await expect(conditions.nth(0)).toHaveAttribute("data-column", "lastname");
  await expect(conditions.nth(0).getByRole("combobox", { name: "Operator" })).toHaveValue("begins with …");
  await expect(conditions.nth(0).getByRole("textbox", { name: "Value" })).toHaveValue("A");
  await expect(page.locator('[data-node="group"][data-group-type="or"] [data-node="condition"]')).toHaveCount(2);
  await expect(conditions.nth(2).getByRole("combobox", { name: "Value" })).toHaveValue("Allow");
  await expect(page.getByText("unsaved changes")).toBeVisible();

  // A related-table condition: contacts that have a note with a title, through Contact_Annotation.
  await addTo(page, "the top group", "Related-rows condition");
  const link = page.locator('[data-node="link"]');
  await link.getByRole("combobox", { name: "Related table" }).fill("Notes whose");
  await page.getByRole("option", { name: "Notes whose Regarding is this row (Contact_Annotation)" }).click();
  await expect(link.getByRole("combobox", { name: "Link type" })).toHaveValue("Has any related row matching (any)");
  await addTo(page, "the related rows", "Condition");
  const note = link.locator('[data-node="condition"]');
  await note.getByRole("combobox", { name: "Column" }).fill("subject");
  await page.getByRole("option", { name: "Title subject" }).click();
  await note.getByRole("combobox", { name: "Operator" }).fill("not-null");
  await page.getByRole("option", { name: /is not empty\s*not-null/ }).click();
  await expect
    .poll(async () => (await shown()).join("\n"))
    .toContain(
      '<link-entity name="annotation" from="objectid" to="contactid" link-type="any">\n<filter type="and">\n<condition attribute="subject" operator="not-null" />',
    );
  // The validation panel judges the unsaved link with the related table's metadata: no false "missing table".
  await expect(page.getByText(/annotation.*not in the metadata/)).toHaveCount(0);
  await both(page, snap, "filter-editor-imported");

  // Unsaved: the link back to the table and the back button ask first; staying keeps the tree.
  const ask = page.getByRole("dialog", { name: "Leave without saving?" });
  await page.locator(`a[href="/projects/${projectId}/tables/contact"]`).first().click();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(page).toHaveURL(new RegExp(`/tables/contact/filter$`));
  await expect(page.locator('[data-node="link"]')).toHaveCount(1);
  await page.goBack();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(page.locator('[data-node="link"]')).toHaveCount(1);
  await expect(page.getByText("unsaved changes")).toBeVisible();
});

test("a viewer sees the saved filter read-only", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto(`/projects/${projectId}/tables/contact/filter`);
  await expect(page.getByText("Your role can look at filters but not change them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Import FetchXML" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Add to / })).toHaveCount(0);
  await expect(page.locator('[data-node="condition"]')).toHaveCount(3);
  await expect(
    page.locator('[data-node="condition"]').nth(0).getByRole("combobox", { name: "Column" }),
  ).toHaveAttribute("readonly", "");
  await expect(page.getByRole("radio", { name: "Any of (or)" }).first()).toBeDisabled();
  await snap("filter-editor-viewer-light");
});
