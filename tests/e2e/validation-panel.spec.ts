// The validation panel as an editor uses it: issues grouped by table (the project's own first), each led by a
// short title with the detail behind it; acknowledging the "Many offline tables" warning with a note, finding it
// acknowledged (who, when, the note) after a reload, and raised again once its cause changes (the advised number
// of tables is lowered), then listed as no longer raised once its cause goes away, and withdrawn there. Axe on the
// panel; screenshots of the panel light and dark.
import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState, SEEDED } from "./support/state";
import type { Locator, Page } from "@playwright/test";

const RUN = Date.now().toString(36);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "docs/screenshots");
const NOTE = "Two offline tables are what this team needs";
let projectId = "";

test.use({ viewport: { width: 1440, height: 1000 }, actionTimeout: 60_000 });
test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const { dataDir } = readState();
  const env = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: dataDir,
    SEED_ENVIRONMENT_NAME: `Validation org ${RUN}`,
    SEED_PROJECT_NAME: `Validation ${RUN}`,
    LOG_LEVEL: "warn",
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-validation-project.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the validation project failed:\n${seed.stdout}\n${seed.stderr}`);
  projectId = (JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as { projectId: string }).projectId;
});

async function shoot(page: Page, target: Locator, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await target.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

async function openProject(page: Page) {
  await page.goto(`/projects/${projectId}`);
  await waitForHydration(page);
}

const warningItem = (panel: Locator) =>
  panel.getByTestId("validation-issue").filter({ hasText: "Many offline tables" });

test("an editor acknowledges a warning with a note; it stays acknowledged after a reload and is raised again when its cause changes", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(300_000);
  expect.configure({ timeout: 30_000 });
  await signInAs("editor");
  await openProject(page);
  const panel = page.getByTestId("validation-panel");

  // Grouped: the project's own issues first, then the tables; each issue led by its short title.
  const groups = panel.getByTestId("validation-group");
  await expect(groups.first()).toHaveAttribute("data-group", "project");
  await expect(groups.first().getByRole("heading", { name: "Project" })).toBeVisible();
  const item = warningItem(panel);
  await expect(item).toHaveAttribute("data-review", "open");
  // The detail sits behind the title until the editor opens it.
  const detail = "fewer than 2 are advised for a fast first sync";
  await expect(item.getByText(detail)).toBeHidden();
  await item.getByRole("button", { name: /Many offline tables/ }).click();
  await expect(item.getByText(detail)).toBeVisible();

  const axe = await new AxeBuilder({ page }).include('[data-testid="validation-panel"]').analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);

  await item.getByRole("button", { name: "Acknowledge", exact: true }).click();
  await item.getByRole("textbox", { name: "Why is this warning intended?" }).fill(NOTE);
  await shoot(page, panel, "validation-panel-acknowledge");
  await item.getByRole("button", { name: "Save acknowledgement" }).click();
  await expect(item).toHaveAttribute("data-review", "acknowledged");

  // Stored in the project: after a reload it is still acknowledged, with the note, who and when.
  await page.reload();
  await waitForHydration(page);
  const after = warningItem(panel);
  await expect(after).toHaveAttribute("data-review", "acknowledged");
  await expect(after.getByText("Acknowledged", { exact: true })).toBeVisible();
  await after.getByRole("button", { name: /Many offline tables/ }).click();
  const ack = after.getByTestId("acknowledgement");
  await expect(ack).toContainText(NOTE);
  await expect(ack).toContainText(`by ${SEEDED.editor.email}`);
  await expect(ack).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(panel).toContainText("1 warning acknowledged");

  const axeAfter = await new AxeBuilder({ page }).include('[data-testid="validation-panel"]').analyze();
  const seriousAfter = axeAfter.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(seriousAfter.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual(
    [],
  );
  await shoot(page, panel, "validation-panel");

  // The cause changes: the advised number of offline tables goes down to 1, so the warning is raised again.
  await page.getByRole("tab", { name: "Settings" }).click();
  const limit = page.getByRole("textbox", { name: "Offline tables: advised below" });
  await limit.fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  const again = warningItem(panel);
  await expect(again).toHaveAttribute("data-review", "reraised");
  await expect(again.getByText("Raised again")).toBeVisible();
  await again.getByRole("button", { name: /Many offline tables/ }).click();
  await expect(again.getByTestId("acknowledgement")).toContainText("its cause changed since");
  await expect(again.getByRole("button", { name: "Acknowledge again" })).toBeVisible();

  // The cause goes away (many tables advised): the warning is gone, and its acknowledgement is listed as no longer
  // raised (it would cover the warning again), where the editor withdraws it.
  await page.getByRole("tab", { name: "Settings" }).click();
  await limit.fill("50");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(warningItem(panel)).toHaveCount(0);
  const stale = panel.getByTestId("stale-acknowledgements");
  await stale.getByRole("button", { name: "1 acknowledgement no longer raised" }).click();
  const kept = stale.getByTestId("stale-acknowledgement");
  await expect(kept).toContainText("Many offline tables");
  await expect(kept).toContainText(NOTE);
  await shoot(page, panel, "validation-panel-stale-acknowledgement");
  await kept.getByRole("button", { name: "Withdraw" }).click();
  await expect(stale).toHaveCount(0);
  await page.reload();
  await waitForHydration(page);
  await expect(panel.getByTestId("stale-acknowledgements")).toHaveCount(0);
});

test("the panel collapses to a rail with the counts and opens again", async ({ page, signInAs }) => {
  await signInAs("editor");
  await openProject(page);
  const panel = page.getByTestId("validation-panel");
  await panel.getByRole("button", { name: "Hide the validation panel" }).click();
  await expect(panel.getByRole("button", { name: "Show the validation panel" })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await panel.getByRole("button", { name: "Show the validation panel" }).click();
  await expect(panel.getByRole("heading", { name: "Validation" })).toBeVisible();
});
