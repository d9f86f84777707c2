// Device security as an admin does it in the browser and a device sees it: set the project's security policy from
// the strict preset and change one value, publish; the reference device client checks in and is refused as pending
// approval; approve it on the Devices page; queue a wipe on its page; the client checks in, gets the wipe and
// acknowledges it; the page shows it acknowledged. Light and dark screenshots of each screen.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, setColorScheme } from "./support/fixtures";
import { E2E_DEVICE_AUDIENCE, readState } from "./support/state";

const RUN = Date.now().toString(36);
const PROJECT = `Devices e2e ${RUN}`;
const DEVICE_ID = `e2e-tablet-${RUN}`;

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

interface CheckInRun {
  status: number;
  reason?: string;
  answer?: { state: string; commands: Array<{ id: string; kind: string }> };
  actions: string[];
  acknowledged: string[];
}

/** The reference client's `check-in`, signing Alex in at the HTTPS test tenant while this test plays the browser. */
async function checkIn(): Promise<CheckInRun> {
  const root = path.resolve(import.meta.dirname, "../..");
  const { baseUrl, tenant } = readState();
  const args = [
    path.join(root, "tools/reference-client/client.ts"),
    "check-in",
    "--url",
    baseUrl,
    "--authority",
    tenant.issuer,
    "--client-id",
    "syncwright-mobile",
    "--scope",
    `${E2E_DEVICE_AUDIENCE}/.default`,
    "--redirect-uri",
    "http://localhost/",
    "--sign-in-timeout",
    "60",
    "--device-id",
    DEVICE_ID,
    "--app-version",
    "2.4.0",
    "--json",
  ];
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
    const loopback = await openSignInAddress(signInAddress, tenant.caFile);
    await (await fetch(loopback)).text();
    const code = await closed;
    // Exit code 1 with a JSON result is a refused device (403); anything else is a failure.
    if (code !== 0 && !stdout.trim().startsWith("{"))
      throw new Error(`The reference client failed (${code}):\n${stdout}\n${stderr}`);
    return JSON.parse(stdout) as CheckInRun;
  } finally {
    child.kill();
  }
}

test("set a strict policy and change one value, approve a pending device, queue a wipe and see it acknowledged", async ({
  page,
  signInAs,
  snap,
}) => {
  test.setTimeout(240_000);
  await signInAs("owner");
  const { projectId } = seed({ SEED_PROJECT_NAME: PROJECT, SEED_TENANT: JSON.stringify(readState().tenant) });

  // The policy: start from the strict preset, then force a connection every 12 hours instead of 24.
  await open(page, `/projects/${projectId}/security`);
  await expect(page.getByRole("heading", { name: `${PROJECT}: security policy` })).toBeVisible();
  await expect(page.getByText("Convenient preset")).toBeVisible();
  await page.getByRole("button", { name: "Strict" }).click();
  await expect(page.getByText("Strict preset")).toBeVisible();
  const hours = page.getByRole("textbox", { name: "Hours between connections (1–720)" });
  await hours.fill("900");
  await expect(page.getByText("Hours between connections is at most 720")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save policy" })).toBeDisabled();
  await hours.fill("12");
  await expect(page.getByText("custom", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Saved. Devices get it with the next published version.")).toBeVisible();
  await both(page, snap, "security-policy");

  await open(page, `/projects/${projectId}/versions`);
  await page.getByRole("textbox", { name: "Release notes" }).fill("Strict security");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/Published version \d+/);

  // The device is new under a policy that blocks new devices: refused until approved.
  const refused = await checkIn();
  expect(refused).toMatchObject({ status: 403, reason: "device_pending_approval" });

  const row = page.getByRole("table", { name: "Devices" }).getByRole("row").filter({ hasText: DEVICE_ID });
  // The check-in's report (model, OS) is written by the batched recorder a moment later.
  await expect(async () => {
    await open(page, "/devices?state=pending");
    await expect(row).toContainText("pending approval", { timeout: 1_000 });
    await expect(row).toContainText("reference-client", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await both(page, snap, "devices-pending");
  // The confirmation (ConfirmDialog, shared by every confirm-before-acting screen), seen and checked by axe in each
  // scheme; a scheme change reloads the page, so the dialog is opened in each. Cancel closes it with nothing done.
  for (const scheme of ["dark", "light"] as const) {
    await setColorScheme(page, scheme);
    await row.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Act on 1 device" }).click();
    await page.getByRole("menuitem", { name: "Approve" }).click();
    await expect(page.getByRole("dialog")).toContainText("Approve 1 device?");
    await snap(`devices-bulk-confirm-${scheme}`);
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    if (scheme === "dark") {
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("dialog")).toHaveCount(0);
      await expect(row).toContainText("pending approval");
    }
  }
  await page.getByRole("button", { name: "Approve 1 device" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approve: 1 device changed" })).toBeVisible();

  // Its page: queue a wipe.
  await open(page, "/devices");
  await page.getByRole("link", { name: DEVICE_ID }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: `Device ${DEVICE_ID}` })).toBeVisible();
  await page.getByRole("button", { name: "Wipe" }).click();
  await expect(page.getByRole("dialog")).toContainText("deletes its local data");
  await page.getByRole("dialog").getByRole("button", { name: "Wipe" }).click();
  const commands = page.getByRole("table", { name: "Commands" });
  await expect(commands.getByRole("row").filter({ hasText: "wipe" })).toContainText("queued");
  await both(page, snap, "device-wipe-queued");

  // The device checks in, gets the wipe once and acknowledges it.
  const allowed = await checkIn();
  expect(allowed.status).toBe(200);
  expect(allowed.answer?.commands.map((c) => c.kind)).toEqual(["wipe"]);
  expect(allowed.actions[0]).toMatch(/^wipe .*would delete the local database/);
  expect(allowed.acknowledged).toHaveLength(1);
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(commands.getByRole("row").filter({ hasText: "wipe" })).toContainText("acknowledged");
  await expect(page.getByRole("table", { name: "History" })).toContainText("wipe queued");
  await both(page, snap, "device-wipe-acknowledged");

  await open(page, "/devices");
  await both(page, snap, "devices-list");
});
