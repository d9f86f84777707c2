// The metadata browser on real Dataverse metadata: the tables list (search, filters, keyboard), a table page
// (columns, relationships, properties, a partial table, an unknown table), and the org-wide column search.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect, setColorScheme } from "./support/fixtures";
import { readState } from "./support/state";

// Next may keep the previous screen mounted but hidden after a navigation; role queries see only the shown one.
const tablesCount = (page: Page) => page.getByRole("tabpanel", { name: /^Tables/ }).getByTestId("tables-count");

let ids: { environmentId: string; webapiSnapshotId: string; solutionSnapshotId: string };
const environmentName = `Browser org ${randomBytes(3).toString("hex")}`;
const snapshotPath = (which: "webapi" | "solution" = "webapi") =>
  `/environments/${ids.environmentId}/snapshots/${which === "webapi" ? ids.webapiSnapshotId : ids.solutionSnapshotId}`;

test.beforeAll(() => {
  // Seeded straight into the e2e server's database: the real Web API files and the real managed solution zip.
  const root = path.resolve(import.meta.dirname, "../..");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: readState().dataDir,
    SEED_ENVIRONMENT_NAME: environmentName,
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-metadata-browser.ts")],
    { cwd: root, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the snapshots failed:\n${seed.stdout}\n${seed.stderr}`);
  ids = JSON.parse(seed.stdout.trim().split("\n").pop()!);
  expect(ids.webapiSnapshotId).toBeTruthy();
  expect(ids.solutionSnapshotId).toBeTruthy();
});

test("search the tables list, filter it, and open contact from the keyboard", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto(snapshotPath());
  // The page is titled with the snapshot's name (kind, tables, time) and says whose metadata it is.
  await expect(page.getByTestId("snapshot-name")).toHaveText(/ · 17 tables · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  await expect(page.getByText(`Metadata of ${environmentName}:`)).toBeVisible();
  await expect(tablesCount(page)).toHaveText("17 tables");
  await snap("metadata-snapshot-light");

  const search = page.getByRole("textbox", { name: "Search tables" });
  await expect(search).toBeFocused();
  await search.fill("people");
  await expect(tablesCount(page)).toHaveText("1 of 17 tables");
  await search.fill("xyz");
  await expect(page.getByText("No tables match 'xyz'")).toBeVisible();
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(tablesCount(page)).toHaveText("17 tables");

  // Filters: the one custom activity table; sorting by column count puts the widest table first.
  await page.getByText("Activities", { exact: true }).click();
  await expect(tablesCount(page)).toHaveText("1 of 17 tables");
  await expect(page.getByTestId("tables-list").getByRole("link")).toHaveText(/appbase_actionitem/);
  await page.getByText("All", { exact: true }).nth(1).click();
  await page.getByRole("button", { name: /^Sort by columns/ }).click();
  await expect(page.getByTestId("tables-list").getByRole("link").first()).toContainText("contact");

  await search.fill("contact");
  await expect(tablesCount(page)).toHaveText("1 of 17 tables");
  await snap("metadata-tables-search-light");
  await setColorScheme(page, "dark");
  await page.getByRole("textbox", { name: "Search tables" }).fill("contact");
  await snap("metadata-tables-search-dark");
  await page.getByRole("textbox", { name: "Search tables" }).press("ArrowDown");
  // Display name first, logical name second.
  await expect(page.getByRole("link", { name: /^People\s*contact/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/tables\/contact$/);
  await expect(page.getByRole("heading", { name: "People (contact)" })).toBeVisible();
  await setColorScheme(page, "light");
});

test("a table page shows columns with options, relationships and properties", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto(`${snapshotPath()}/tables/contact`);
  await expect(page.getByRole("tab", { name: "Columns (313)" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("columns-count")).toHaveText("313 columns");
  await snap("metadata-table-columns-light");

  await page.getByRole("textbox", { name: "Filter columns" }).fill("statecode");
  // Sorted by logical name: statecode comes before statecodename.
  const statecode = page.getByTestId("columns-list").getByRole("listitem").first();
  await expect(statecode).toContainText("statecode");
  await expect(statecode).toContainText("Status (state)");
  await expect(statecode).toContainText("Active");
  await expect(statecode).toContainText("Inactive");
  await page.getByRole("textbox", { name: "Filter columns" }).fill("birthdate");
  await expect(page.getByRole("listitem").first()).toContainText("Behavior: Date only");
  await page.getByRole("textbox", { name: "Filter columns" }).fill("nothing-like-this");
  await expect(page.getByText("No columns match 'nothing-like-this'")).toBeVisible();
  // Lookup targets the snapshot holds are links to their table.
  await page.getByRole("textbox", { name: "Filter columns" }).fill("owninguser");
  await expect(page.getByRole("link", { name: "systemuser" }).first()).toBeVisible();

  await page.getByRole("tab", { name: /Relationships/ }).click();
  await expect(page.getByRole("radio", { name: /Many-to-one \(N:1\) · 20/ })).toBeChecked();
  await expect(page.getByTestId("relationships-list")).toContainText("contact_customer_accounts");
  await expect(page.getByTestId("relationships-list")).toContainText(
    "Cascade: Assign, Share, Unshare, Reparent, Delete, Merge",
  );
  await snap("metadata-table-relationships-light");
  await page.getByText("Many-to-many (N:N) · 4").click();
  await expect(page.getByTestId("relationships-list")).toContainText("adx_invitation_invitecontacts");

  await page.getByRole("tab", { name: "Properties" }).click();
  const properties = page.getByRole("table", { name: "Table properties" });
  await expect(properties.getByRole("row", { name: /Primary id column/ })).toContainText("contactid");
  await expect(properties.getByRole("row", { name: /Entity set name/ })).toContainText("contacts");
  await expect(properties.getByRole("row", { name: /Object type code/ })).toContainText("2");
  await snap("metadata-table-properties-light");

  await setColorScheme(page, "dark");
  await snap("metadata-table-columns-dark");
  await page.getByRole("tab", { name: /Relationships/ }).click();
  await snap("metadata-table-relationships-dark");
  await setColorScheme(page, "light");
});

test("search a column across the org and open its table", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto(`${snapshotPath()}?tab=columns`);
  await expect(page.getByText("Find a column in any table", { exact: true })).toBeVisible();
  const search = page.getByRole("textbox", { name: "Search columns across every table" });
  await search.fill("statecode");
  await expect(page.getByTestId("column-hits-count")).toContainText("match 'statecode'");
  const hit = page.getByTestId("column-hits").getByRole("link", { name: /^People.*contact.*statecode/ });
  await expect(hit).toBeVisible();
  await snap("metadata-column-search-light");
  await setColorScheme(page, "dark");
  await page.getByRole("textbox", { name: "Search columns across every table" }).fill("statecode");
  await expect(page.getByTestId("column-hits-count")).toContainText("match 'statecode'");
  await snap("metadata-column-search-dark");
  await setColorScheme(page, "light");

  await page.getByRole("textbox", { name: "Search columns across every table" }).fill("zzzz-none");
  await expect(page.getByText("No columns match 'zzzz-none'")).toBeVisible();
  await page.getByRole("textbox", { name: "Search columns across every table" }).fill("statecode");
  await page
    .getByTestId("column-hits")
    .getByRole("link", { name: /^People.*contact.*statecode/ })
    .click();
  await expect(page).toHaveURL(/\/tables\/contact\?column=statecode$/);
  await expect(page.getByRole("textbox", { name: "Filter columns" })).toHaveValue("statecode");

  // The route itself: answers JSON for a reader, names the bad parameter.
  const ok = await page.request.get(`/api/snapshots/${ids.webapiSnapshotId}/columns?q=region`);
  expect(ok.status()).toBe(200);
  expect((await ok.json()).hits.length).toBeGreaterThan(0);
  const tooLong = await page.request.get(`/api/snapshots/${ids.webapiSnapshotId}/columns?q=${"x".repeat(101)}`);
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.text()).toContain("q");
  const missing = await page.request.get(`/api/snapshots/no-such-snapshot/columns?q=region`);
  expect(missing.status()).toBe(404);
});

test("a partial table says so, and an unknown table is a clear not-found page", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto(snapshotPath("solution"));
  await expect(page.getByText("5 partial tables")).toBeVisible();
  await page.goto(`${snapshotPath("solution")}/tables/contact`);
  await expect(page.getByText("Partial: only the solution's columns").filter({ visible: true })).toBeVisible();
  await page.getByRole("tab", { name: "Properties" }).click();
  await expect(page.getByText("Partial table", { exact: true })).toBeVisible();
  await snap("metadata-table-partial-light");

  const noRelationships = await page.request.get(
    `/api/snapshots/${ids.webapiSnapshotId}/tables/no_such_table/relationships`,
  );
  expect(noRelationships.status()).toBe(404);
  await page.goto(`${snapshotPath()}/tables/no_such_table`);
  await expect(page.getByText("This snapshot has no such table")).toBeVisible();
  await snap("metadata-table-not-found-light");
  await page.getByRole("link", { name: "Back to the tables list" }).click();
  await expect(tablesCount(page)).toHaveText("17 tables");
});
