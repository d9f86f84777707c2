// Publishing as an admin does it in the browser, and a device downloading it: publish v1 with notes, the
// reference device client downloads it (token from the HTTPS test tenant, role resolved in the test org, hash
// and signature verified), change the sync filter in the filter editor, publish v2, the client gets v2, see the
// diff in words, roll back to v1's content as v3 (a device holding v1 is then up to date: 304); the version
// pages with their downloads; Settings > API tokens (create, shown once, revoke) and the public key card.
// Light and dark screenshots of each screen.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, setColorScheme } from "./support/fixtures";
import { E2E_DEVICE_AUDIENCE, readState } from "./support/state";

const RUN = Date.now().toString(36);
const PROJECT = `Publish e2e ${RUN}`;
const DEVICE_ID = `e2e-phone-${RUN}`;
let projectId = "";

test.describe.configure({ mode: "serial" });

function seed(extra: Record<string, string>): { projectId: string } {
  const root = path.resolve(import.meta.dirname, "../..");
  const { dataDir } = readState();
  const env = { ...process.env, SYNCWRIGHT_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/e2e/support/seed-publish-project.ts")],
    { cwd: root, env, encoding: "utf8" },
  );
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

/** What the reference device client printed (--json), or its failure. */
interface ClientRun {
  status: 200 | 304;
  etag: string;
  version?: number;
  project?: string;
  tables: Array<{ table: string; fetchXml: string | null }>;
}

/** Plays the browser at the test tenant's sign-in address, trusting its certificate: where the tenant redirects to. */
function openSignInAddress(address: URL, caFile: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    https
      .get(address, { ca: fs.readFileSync(caFile) }, (response) => {
        response.resume();
        const location = response.headers.location;
        if (response.statusCode === 302 && location) resolve(new URL(location));
        else reject(new Error(`The tenant's sign-in page answered ${response.statusCode} without a redirect.`));
      })
      .on("error", reject);
  });
}

/**
 * Runs the reference device client as a device does: it signs Alex in at the HTTPS test tenant (found by discovery,
 * authorization code with PKCE, its certificate trusted as the portal's is) while this test plays Alex's browser:
 * open the printed sign-in address, where the tenant signs Alex in at once, and follow its redirect back to the
 * client's loopback address. The client then downloads from the e2e portal and checks hash and signature against the
 * key the portal serves at its well-known URL.
 */
async function referenceClient(options: { etag?: string } = {}): Promise<ClientRun> {
  const root = path.resolve(import.meta.dirname, "../..");
  const { baseUrl, tenant } = readState();
  const args = [
    path.join(root, "tools/reference-client/client.ts"),
    "--url",
    baseUrl,
    "--authority",
    tenant.issuer,
    "--client-id",
    "syncwright-mobile",
  ];
  // http://localhost/ is the loopback redirect URI an Entra app registration offers for desktop apps.
  args.push(
    "--scope",
    `${E2E_DEVICE_AUDIENCE}/.default`,
    "--redirect-uri",
    "http://localhost/",
    "--sign-in-timeout",
    "60",
  );
  args.push("--device-id", DEVICE_ID, "--app-version", "2.4.0", "--json");
  if (options.etag) args.push("--etag", options.etag);
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: tenant.caFile },
  });
  let stdout = "";
  let stderr = "";
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const signInAddress = await new Promise<URL>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const address = /^\s+(https:\/\/\S+)$/m.exec(stderr)?.[1];
        if (address) resolve(new URL(address));
      });
      void closed.then((code) =>
        reject(new Error(`The reference client exited (${code}) before printing a sign-in address:\n${stderr}`)),
      );
    });
    expect(signInAddress.href.startsWith(`${tenant.issuer}/authorize?`)).toBe(true);
    const loopback = await openSignInAddress(signInAddress, tenant.caFile);
    expect(loopback.origin).toMatch(/^http:\/\/localhost:\d+$/);
    const answer = await fetch(loopback);
    expect(await answer.text()).toBe("Signed in to Syncwright as alex@contoso.test. You can close this tab.\n");
    const code = await closed;
    if (code !== 0) throw new Error(`The reference client failed (${code}):\n${stdout}\n${stderr}`);
    return JSON.parse(stdout) as ClientRun;
  } finally {
    child.kill();
  }
}

const contactFetchXml = (run: ClientRun) => run.tables.find((t) => t.table === "contact")?.fetchXml ?? "";

/** The version page lists the device's download once the batched recorder wrote it (a fraction of a second). */
async function expectDownloadListed(page: Page, url: string, number: number) {
  await expect(async () => {
    await open(page, url);
    // One row per download; a check the device passed with its ETag (304) is no download.
    const rows = page
      .getByRole("table", { name: "Downloads of this version" })
      .getByRole("row")
      .filter({ hasText: DEVICE_ID });
    await expect(rows).toHaveCount(1, { timeout: 1_000 });
    await expect(rows).toContainText("alex@contoso.test", { timeout: 1_000 });
    await expect(rows).toContainText("2.4.0", { timeout: 1_000 });
    await expect(page.getByText(`1 device holds v${number} now`)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test("publish v1, a device downloads it, change the filter, publish v2, the device gets it, roll back to v1's content as v3", async ({
  page,
  signInAs,
  snap,
}) => {
  test.setTimeout(180_000);
  await signInAs("owner");
  ({ projectId } = seed({ SEED_PROJECT_NAME: PROJECT, SEED_TENANT: JSON.stringify(readState().tenant) }));
  const versions = `/projects/${projectId}/versions`;
  await open(page, versions);
  await expect(page.getByText("No versions yet")).toBeVisible();
  await expect(page.getByText("Ready to publish")).toBeVisible();
  await both(page, snap, "versions-empty");

  await publish(page, "First release for the field team");
  await expect(page.getByRole("link", { name: /^v1: version 1,/ })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "v1" })).toContainText("current");

  // Export: the project file as `syncwright export` writes it, and the version's stored bundle.
  const exported = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export project file" }).click();
  const projectFile = await exported;
  expect(projectFile.suggestedFilename()).toMatch(/^Publish-e2e-\w+\.project\.json$/);
  const fileJson = JSON.parse(fs.readFileSync(await projectFile.path(), "utf8"));
  expect(fileJson).toMatchObject({ format: "syncwright-project", formatVersion: 1, project: { name: PROJECT } });
  await open(page, `${versions}/1`);
  // The version's page shows what the version recorded, not the draft's validation panel.
  await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
  await expect(page.getByTestId("validation-panel")).toHaveCount(0);
  const bundled = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download bundle" }).click();
  const bundleFile = await bundled;
  expect(bundleFile.suggestedFilename()).toMatch(/^Publish-e2e-\w+-v1\.bundle\.json$/);
  expect(fs.readFileSync(await bundleFile.path(), "utf8")).toContain(PROJECT);
  await open(page, versions);
  await expect(page.getByTestId("validation-panel")).toBeVisible();

  // Unchanged since v1: the panel says so, and publishing asks first; cancelling stores nothing.
  await expect(page.getByRole("alert").filter({ hasText: "Identical to v1" })).toBeVisible();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const ask = page.getByRole("dialog", { name: "Identical to v1" });
  await expect(ask).toContainText("Publishing makes version 2 with the same content");
  await snap("versions-identical-dialog-light");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole("link", { name: /^v2: version 2,/ })).toHaveCount(0);

  // The device's first sync: version 1, verified; asking again with its ETag is a 304.
  const first = await referenceClient();
  expect(first).toMatchObject({ status: 200, version: 1, project: PROJECT });
  expect(contactFetchXml(first)).toContain('<entity name="contact">');
  expect(contactFetchXml(first)).not.toContain("eq-userid");
  expect(await referenceClient({ etag: first.etag })).toMatchObject({ status: 304, etag: first.etag });
  await expectDownloadListed(page, `${versions}/1`, 1);
  await both(page, snap, "version-page-downloaded");

  // Change the sync filter in the filter editor: only the user's own contacts.
  await open(page, `/projects/${projectId}/tables/contact/filter`);
  await expect(page.getByRole("heading", { name: "Sync filter of People" })).toBeVisible();
  await page.getByRole("combobox", { name: "Rows to download" }).click();
  await page.getByRole("option", { name: "My rows" }).click();
  await expect(page.getByTestId("filter-sentence")).toContainText("the current user");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Saved the sync filter of contact \(revision \d+\)\./)).toBeVisible();

  await open(page, versions);
  await publish(page, "Only the user's own contacts");
  await expect(page.getByRole("row").filter({ hasText: "v2" })).toContainText("current");
  await both(page, snap, "versions-history");

  // The device holding v1 gets v2 with the new filter.
  const second = await referenceClient({ etag: first.etag });
  expect(second).toMatchObject({ status: 200, version: 2 });
  expect(second.etag).not.toBe(first.etag);
  expect(contactFetchXml(second)).toContain('operator="eq-userid"');

  // The Devices page: Alex's phone holds v2, the newest.
  await expect(async () => {
    await open(page, "/devices");
    const device = page.getByRole("table", { name: "Devices" }).getByRole("row").filter({ hasText: DEVICE_ID });
    await expect(device).toContainText("alex@contoso.test", { timeout: 1_000 });
    await expect(device).toContainText(PROJECT, { timeout: 1_000 });
    await expect(device.getByRole("link", { name: "v2", exact: true })).toBeVisible({ timeout: 1_000 });
    await expect(device).toContainText("newest", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await both(page, snap, "devices-list");

  await open(page, versions);
  await page.getByRole("link", { name: "Compare versions" }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "Changes from v1 to v2" })).toBeVisible();
  await expect(page.getByText("sync filter changed: rows to download: All rows -> My rows")).toBeVisible();
  await both(page, snap, "versions-diff");

  await open(page, `${versions}/1`);
  await both(page, snap, "version-page");
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByRole("dialog")).toContainText("publishes the content of version 1 as version 3");
  await snap("version-rollback-dialog-light");
  await page.getByRole("button", { name: "Publish as version 3" }).click();
  await expect(page).toHaveURL(new RegExp(`${versions}/3$`));
  await expect(page.getByRole("heading", { name: "Version 3" })).toBeVisible();
  await expect(page.getByText("Rollback to version 1")).toBeVisible();

  // v3 has v1's content, so its ETag is v1's: a device that still holds v1 is up to date, one on v2 gets v3.
  expect(await referenceClient({ etag: first.etag })).toMatchObject({ status: 304, etag: first.etag });
  const third = await referenceClient({ etag: second.etag });
  expect(third).toMatchObject({ status: 200, version: 3, etag: first.etag });
  expect(contactFetchXml(third)).toBe(contactFetchXml(first));
  await expectDownloadListed(page, `${versions}/3`, 3);

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
    buffer: Buffer.from(
      JSON.stringify({
        format: "syncwright-project",
        formatVersion: 1,
        project: {
          name: "x",
          description: "Imported description",
          environmentId: "e",
          snapshotId: "s",
          roles: [],
          tables: [],
        },
      }),
    ),
  };
  await page.locator('input[type="file"]').setInputFiles(file);
  await expect(page.getByRole("button", { name: "Show changes" })).toBeEnabled();
  await page.getByRole("button", { name: "Show changes" }).click();
  await expect(page.getByText(/Importing this file makes \d+ changes?:/)).toBeVisible();
  await expect(page.getByText(/contact/).first()).toBeVisible();
  await both(page, snap, "versions-import-diff");
});

test("an owner creates an API token, sees it once, and revokes it; Settings shows the signing key", async ({
  page,
  signInAs,
  snap,
}) => {
  await signInAs("owner");
  await open(page, "/settings");
  await expect(page.getByText("Bundle signing key")).toBeVisible();
  await expect(page.getByText("BEGIN PUBLIC KEY")).toBeVisible();
  await both(page, snap, "settings-signing-key");
  // The device API is configured in this run: no banner, and the owner can test a token as a device would send it.
  await expect(page.getByTestId("device-api-banner")).toHaveCount(0);
  await page.getByRole("textbox", { name: "Access token" }).fill("Bearer not-a.real.token");
  await page.getByRole("button", { name: "Test token" }).click();
  const tested = page.getByTestId("device-token-result");
  await expect(tested).toContainText("A device gets 401: The access token is not a valid signed token.");
  await expect(tested).toContainText("the token check (unauthorized)");
  await tested.scrollIntoViewIfNeeded();
  await snap("settings-device-token-test-light");
  await open(page, "/settings/tokens");
  await page.getByRole("textbox", { name: "Name" }).fill(`CI ${RUN}`);
  await page.getByRole("checkbox", { name: /^publish/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("shown only once")).toBeVisible();
  const token = await page.locator("code").filter({ hasText: /^swt_/ }).first().innerText();
  expect(token).toMatch(/^swt_[A-Za-z0-9]{8}_/);
  await both(page, snap, "settings-tokens");
  const exported = await page.request.get(`/api/v1/projects/${projectId}/export`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(exported.status()).toBe(200);
  await open(page, "/settings/tokens");
  await page.getByRole("button", { name: `Revoke CI ${RUN}` }).click();
  await expect(page.getByRole("row").filter({ hasText: `CI ${RUN}` })).toContainText("revoked");
  const refused = await page.request.get(`/api/v1/projects/${projectId}/export`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
});
