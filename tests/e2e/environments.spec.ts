// Environments as an owner and a viewer meet them: create one, upload the real managed solution zip and see the
// snapshot with its counts, upload it again (already imported), upload a broken file (the error names it), edit
// with the secret never shown, compare two snapshots; a viewer sees no edit controls. Light and dark screenshots.
import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { test, expect, setColorScheme } from "./support/fixtures";

const SOLUTION_ZIP = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip",
);
const CONTACT_JSON = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/webapi-entitydefinitions/contact.EntityDefinitions.json",
);
const UNPACKED_DIR = path.resolve(process.cwd(), "../shared/data/dataverse/solution-unpacked");
const HIGHERED_XML = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/solution-highered-portal/customizations.xml",
);
const name = `Nonprofit org ${randomBytes(3).toString("hex")}`;
const SECRET = "e2e~Secret.value-never-shown";
let environmentUrl = "";

test.describe.configure({ mode: "serial" });

test("an owner creates an environment, imports the solution zip, meets a duplicate and a broken file", async ({
  page,
  signInAs,
  snap,
}) => {
  await signInAs("owner");
  await page.goto("/environments");
  await page.getByRole("link", { name: "Add environment" }).first().click();
  await expect(page.getByRole("heading", { name: "New environment" })).toBeVisible();

  // A wrong org URL and GUID are named under their fields; nothing is created.
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Org URL").fill("http://contoso.example.com");
  await page.getByLabel("Directory (tenant) id").fill("contoso.onmicrosoft.com");
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page.getByText("must start with https://")).toBeVisible();
  await expect(page.getByText(/must be the directory \(tenant\) id, a GUID/)).toBeVisible();
  await snap("environment-new-errors-light");

  await page.getByLabel("Org URL").fill("https://nonprofit-e2e.crm.dynamics.com");
  await page.getByLabel("Directory (tenant) id").fill("8a0e6f4c-1b2d-4e5f-9a8b-7c6d5e4f3a2b");
  await page.getByLabel("Application (client) id").fill("11111111-2222-4333-8444-555555555555");
  await page.getByLabel("Client secret").fill(SECRET);
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  environmentUrl = new URL(page.url()).pathname;
  expect(environmentUrl).toMatch(/^\/environments\/[^/]+$/);
  // The secret is never sent back: the page shows only that one is set.
  await expect(page.getByTestId("secret-state")).toHaveText("secret set");
  expect(await page.content()).not.toContain(SECRET);
  await expect(page.getByText("No metadata yet")).toBeVisible();
  await snap("environment-empty-light");

  // Upload the real managed solution.
  const chooser = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await chooser).setFiles(SOLUTION_ZIP);
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Snapshot stored" })).toContainText(
    /Imported [\d,]+ tables, [\d,]+ columns from NonprofitCore_2_2_3_0_managed\.zip/,
  );
  const row = page.getByTestId("snapshot-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Solution");
  await expect(row).toContainText("NonprofitCore_2_2_3_0_managed.zip");
  await expect(row).toContainText("Olivia Owner");
  await expect(row.getByRole("link", { name: "Browse" })).toHaveAttribute(
    "href",
    /\/environments\/[^/]+\/snapshots\/[^/]+$/,
  );
  await snap("environment-imported-light");

  // The same file again is recognized.
  const again = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await again).setFiles(SOLUTION_ZIP);
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Already imported" })).toContainText(
    /already imported as "Solution NonprofitCore · 41 tables · \d{4}-\d\d-\d\d \d\d:\d\d UTC"; nothing new was stored/i,
  );
  await expect(page.getByTestId("snapshot-row")).toHaveCount(1);

  // A broken file: the error names the file and the position.
  const broken = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (
    await broken
  ).setFiles({
    name: "broken-entity.json",
    mimeType: "application/json",
    buffer: Buffer.from('{\n  "LogicalName": "contact",\n  "Attributes": [ {"LogicalName": "x",, } ]\n}\n'),
  });
  await page.getByRole("button", { name: "Import files" }).click();
  const error = page.getByRole("alert").filter({ hasText: "Not imported" });
  await expect(error).toContainText(/broken-entity\.json:3:\d+: not valid JSON/);
  await expect(page.getByTestId("snapshot-row")).toHaveCount(1);
  await snap("environment-upload-error-light");

  // A second, different import (one Web API table), then compare the two.
  const webapi = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await webapi).setFiles(CONTACT_JSON);
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Snapshot stored" })).toBeVisible();
  await expect(page.getByTestId("snapshot-row")).toHaveCount(2);
  await page
    .getByRole("checkbox", { name: /^Compare the snapshot/ })
    .first()
    .check();
  await page
    .getByRole("checkbox", { name: /^Compare the snapshot/ })
    .last()
    .check();
  await page.getByRole("link", { name: /Compare the two/ }).click();
  await expect(page.getByRole("heading", { name: "Compare snapshots" })).toBeVisible();
  await expect(page.getByText("Tables added", { exact: true }).first()).toBeVisible();
  await snap("environment-diff-light");
  await setColorScheme(page, "dark");
  await snap("environment-diff-dark");

  await page.goto(environmentUrl);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await snap("environment-owner-dark");
  await setColorScheme(page, "light");
});

test("an owner edits the connection; a stale tab gets a conflict", async ({ page, browser, signInAs }) => {
  await signInAs("owner");
  await page.goto(environmentUrl);
  // A second tab opened at the same revision.
  const stale = await browser.newPage({ storageState: await page.context().storageState() });
  await stale.goto(environmentUrl);

  await page.getByLabel("Org URL").fill("https://nonprofit-e2e-2.crm.dynamics.com");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("Environment saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("Dataverse org https://nonprofit-e2e-2.crm.dynamics.com")).toBeVisible();

  await stale.getByLabel("Name").fill(`${name} (stale)`);
  await stale.getByRole("button", { name: "Save connection" }).click();
  await expect(stale.getByRole("alert").filter({ hasText: "Not saved" })).toContainText("Someone else changed");
  await stale.close();

  // Replacing the secret: the new one is never shown either.
  await page.getByRole("button", { name: "replace" }).click();
  await page.getByLabel("New client secret").fill("another-secret-value");
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Client secret replaced.")).toBeVisible();
  await expect(page.getByTestId("secret-state")).toHaveText("secret set");
  expect(await page.content()).not.toContain("another-secret-value");
});

test("a viewer sees the environment and its snapshots but no edit controls", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  await page.goto("/environments");
  await expect(page.getByRole("link", { name: "Add environment" })).toHaveCount(0);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("snapshot-row")).toHaveCount(2);
  for (const button of ["Save connection", "Import files", "Import from org", "Delete environment", "replace"]) {
    await expect(page.getByRole("button", { name: button })).toHaveCount(0);
  }
  await expect(page.getByText("secret set")).toBeVisible();
  await snap("environment-viewer-light");
  const response = await page.goto("/environments/new");
  expect(response?.status()).toBe(403);
});

test("an owner imports an unpacked solution folder with progress, and is told what a forms-only solution lacks", async ({
  page,
  signInAs,
  snap,
}) => {
  await signInAs("owner");
  await page.goto(environmentUrl);
  await expect(page.getByRole("heading", { name })).toBeVisible();

  // The folder picker keeps each file's path inside the folder (Entities/Contact/Entity.xml, ...).
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Choose folder" }).click();
  await (await chooser).setFiles(UNPACKED_DIR);
  await expect(page.getByTestId("upload-selection")).toContainText(/\d+ files from the folder solution-unpacked/);
  await snap("environment-folder-chosen-light");
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Snapshot stored" })).toContainText(
    /Imported 2 tables, [\d,]+ columns from folder solution-unpacked \(\d+ files\)/,
  );
  await expect(page.getByTestId("upload-progress")).toContainText(/Uploaded [\d.]+ MB, read 2 tables/);
  await expect(page.getByTestId("snapshot-row")).toHaveCount(3);
  await snap("environment-folder-imported-light");

  // A managed solution holding only forms and views of system tables: stored, with what would complete it.
  await setColorScheme(page, "dark");
  const forms = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (await forms).setFiles(HIGHERED_XML);
  await page.getByRole("button", { name: "Import files" }).click();
  const warned = page.getByRole("status").filter({ hasText: "Snapshot stored" });
  await expect(warned).toContainText(
    /18 tables have no columns \(account, .*\): this solution carries only forms and views/,
  );
  await expect(warned).toContainText(/Web API JSON files/);
  await expect(page.getByTestId("upload-progress")).toContainText(/read 18 tables/);
  await snap("environment-upload-warning-dark");
  await setColorScheme(page, "light");

  // Files dropped on the panel are taken as chosen (a folder dropped from the desktop keeps its paths; a test
  // browser can only drop files).
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{"LogicalName":"a"}'], "a.EntityDefinitions.json", { type: "application/json" }));
    transfer.items.add(new File(['{"LogicalName":"b"}'], "b.EntityDefinitions.json", { type: "application/json" }));
    return transfer;
  });
  await page.getByTestId("upload-drop-zone").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByTestId("upload-selection")).toContainText(/^2 files, 0\.0 MB/);
  await expect(page.getByTestId("upload-too-much")).toHaveCount(0);

  // Files over the upload limit (100 MB here) are refused before a byte is sent, saying what to do.
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/upload")) uploads.push(request.url());
  });
  const big = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    const half = new Uint8Array(51 * 1024 * 1024);
    transfer.items.add(new File([half], "a.EntityDefinitions.json", { type: "application/json" }));
    transfer.items.add(new File([half], "b.EntityDefinitions.json", { type: "application/json" }));
    return transfer;
  });
  await page.getByTestId("upload-drop-zone").dispatchEvent("drop", { dataTransfer: big });
  await expect(page.getByTestId("upload-too-much")).toHaveText(
    "The files add up to 102 MB, over the 100 MB an upload may hold (the portal's SYNCWRIGHT_MAX_UPLOAD_MB setting). Choose fewer files, or ask the portal's administrator to raise the limit.",
  );
  await expect(page.getByRole("button", { name: "Import files" })).toBeDisabled();
  await snap("environment-upload-too-much-light");
  expect(uploads).toEqual([]);
  const axe = await new AxeBuilder({ page }).include("form:has([data-testid='upload-drop-zone'])").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  // A solution without any table is refused, not stored.
  const empty = page.waitForEvent("filechooser");
  await page.getByLabel("Metadata files").click();
  await (
    await empty
  ).setFiles({
    name: "customizations.xml",
    mimeType: "text/xml",
    buffer: Buffer.from("<ImportExportXml><Entities/><Roles/></ImportExportXml>"),
  });
  await page.getByRole("button", { name: "Import files" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not imported" })).toContainText(/no tables/);
  await expect(page.getByTestId("snapshot-row")).toHaveCount(4);
});
