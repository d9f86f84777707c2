// Form rules as an admin builds them on contact's main form: "when Preferred Method of Contact is Email, Email is
// required", seen live in the phone preview (required marker, the preview's Save refused without an Email, the
// trace), saved with the form and found again after a reload; axe on the rules panel; screenshots light and dark.
import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";
import type { Locator, Page } from "@playwright/test";

const RUN = Date.now().toString(36);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "docs/screenshots");
const SENTENCE = "When Preferred Method of Contact is Email: make Email required; otherwise make Email optional";
let projectId = "";

test.use({ viewport: { width: 1840, height: 1200 }, actionTimeout: 60_000 });

test.beforeAll(() => {
  const { dataDir } = readState();
  const env = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: dataDir,
    SEED_ENVIRONMENT_NAME: `Rules org ${RUN}`,
    SEED_PROJECT_NAME: `Rules ${RUN}`,
    LOG_LEVEL: "warn",
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const seed = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-designer-project.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (seed.status !== 0) throw new Error(`Seeding the rules project failed:\n${seed.stdout}\n${seed.stderr}`);
  projectId = (JSON.parse(seed.stdout.trim().split("\n").at(-1)!) as { projectId: string }).projectId;
});

async function shoot(page: Page, target: Locator, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.evaluate((s) => document.documentElement.setAttribute("data-mantine-color-scheme", s), scheme);
    await target.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute("data-mantine-color-scheme", "light"));
}

test("a change rule makes Email required when Email is the preferred method, in the preview and after saving", async ({
  page,
  signInAs,
}) => {
  test.setTimeout(420_000);
  expect.configure({ timeout: 30_000 });
  await signInAs("owner");
  await page.goto(`/projects/${projectId}/tables/contact/forms`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "New main form", exact: true }).click();
  await expect(page).toHaveURL(/\/tables\/contact\/forms\/form-[a-z0-9]+$/, { timeout: 60_000 });
  await waitForHydration(page);

  for (const [search, label] of [
    ["preferredcontactmethodcode", "Preferred Method of Contact"],
    ["emailaddress1", "Email"],
  ]) {
    await page.getByRole("textbox", { name: "Search columns" }).fill(search);
    await page.getByRole("button", { name: `Add column ${label} to the form`, exact: true }).click();
    await expect(page.getByTestId("form-canvas").locator(`[data-field="${search}"]`)).toBeVisible();
  }

  await page.getByText("Rules (0)").click();
  const panel = page.getByTestId("rules-panel");
  await expect(panel).toContainText("No rules yet");
  await panel.getByRole("button", { name: "Add rule", exact: true }).click();
  const editor = panel.getByTestId("rule-editor");
  await editor.getByRole("textbox", { name: "Rule name" }).fill("Email when preferred");
  // A new rule watches the form's first column: Preferred Method of Contact.
  await editor.getByRole("button", { name: "Add condition", exact: true }).click();
  await editor.getByRole("combobox", { name: "Condition 1 column" }).selectOption("preferredcontactmethodcode");
  await editor.getByRole("combobox", { name: "Condition 1 operator" }).selectOption("eq");
  await editor.getByRole("combobox", { name: "Condition 1 value" }).selectOption({ label: "Email" });
  await editor.getByRole("button", { name: "Add action", exact: true }).click();
  await editor.getByRole("combobox", { name: "Then action 1 type" }).selectOption("require");
  await editor.getByRole("combobox", { name: "Then action 1 field" }).selectOption({ label: "Email (General)" });
  await editor.getByRole("button", { name: "Add action otherwise", exact: true }).click();
  await editor.getByRole("combobox", { name: "Otherwise action 1 type" }).selectOption("optional");
  await editor.getByRole("combobox", { name: "Otherwise action 1 field" }).selectOption({ label: "Email (General)" });
  await expect(panel.locator('[data-rule="Email when preferred"]').getByTestId("rule-sentence")).toHaveText(SENTENCE);
  // Disable, duplicate and delete go through the designer's undo history.
  await panel.getByRole("switch", { name: "Rule Email when preferred enabled" }).focus();
  await page.keyboard.press("Space");
  await expect(panel.locator('[data-rule="Email when preferred"]').getByTestId("rule-sentence")).toHaveText(
    `${SENTENCE} (disabled)`,
  );
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(panel.locator('[data-rule="Email when preferred"]').getByTestId("rule-sentence")).toHaveText(SENTENCE);
  await panel.getByRole("button", { name: "Duplicate rule Email when preferred", exact: true }).click();
  await expect(panel.locator('[data-rule="Email when preferred copy"]')).toBeVisible();
  await panel.getByRole("button", { name: "Delete rule Email when preferred copy", exact: true }).click();
  await expect(panel.locator("[data-rule]")).toHaveCount(1);
  await panel.getByRole("button", { name: new RegExp(`^Email when preferred\\s*When`) }).click();
  await expect(panel.getByTestId("rule-editor")).toBeVisible();

  // The preview runs it: Email becomes required when the preferred method is Email.
  const preview = page.getByTestId("device-preview");
  const method = preview.locator('[data-field="preferredcontactmethodcode"]');
  const email = preview.locator('[data-field="emailaddress1"]');
  await method.selectOption({ label: "Phone" });
  await expect(email).toHaveAttribute("data-required", "false");
  await method.selectOption({ label: "Email" });
  await expect(email).toHaveAttribute("data-required", "true");
  const trace = page.getByTestId("rules-trace");
  await expect(trace).toContainText("Change of Preferred Method of Contact");
  await expect(trace.locator('[data-trace-rule="Email when preferred"]')).toContainText("then");

  // The preview's Save refuses without an Email.
  await email.fill("");
  await page.getByRole("button", { name: "Save in preview", exact: true }).click();
  await expect(page.getByTestId("preview-save-result")).toContainText("Email is required");
  await method.selectOption({ label: "Phone" });
  await page.getByRole("button", { name: "Save in preview", exact: true }).click();
  await expect(page.getByTestId("preview-save-result")).toHaveText("Saved");
  await method.selectOption({ label: "Email" });

  const results = await new AxeBuilder({ page }).include('[data-testid="rules-panel"]').analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);

  await shoot(page, panel, "form-rules-panel");
  await shoot(page, page.getByTestId("preview-column"), "form-rules-preview");
  await shoot(page, page.locator("main"), "form-rules-designer");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved form Main form/)).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await page.getByText("Rules (1)").click();
  await expect(page.getByTestId("rules-panel").getByTestId("rule-sentence")).toHaveText(SENTENCE);
});
