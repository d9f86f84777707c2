// Form rules as an admin builds them on contact's main form: "when Preferred Method of Contact is Email, Email is
// required", seen live in the phone preview (required marker, the preview's Save refused without an Email, the
// trace), saved with the form and found again after a reload; a nested (and inside or) condition built in the UI;
// published and both rules found in the downloaded bundle; axe on the rules panel; screenshots light and dark.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration } from "./support/fixtures";
import { readState } from "./support/state";
import type { Locator, Page } from "@playwright/test";
import type { Rule } from "@/lib/forms/rules/schema";

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

/** Picks `item` from the Add menu at the head of a group of the rule's condition. */
async function addTo(page: Page, scope: Locator, where: string, item: string | RegExp) {
  await scope.getByRole("button", { name: `Add to ${where}`, exact: true }).click();
  await page.getByRole("menuitem", typeof item === "string" ? { name: item, exact: true } : { name: item }).click();
}

/** Picks a condition's column by its display name (the option shows the logical name beside it). */
async function pickColumn(page: Page, condition: Locator, label: string, name: string) {
  const input = condition.getByRole("combobox", { name: "Column" });
  await input.fill(label);
  await expect(page.getByRole("option", { name: `${label} ${name}` })).toBeVisible();
  // The keyboard, as the list can open over the next condition's inputs.
  await input.press("ArrowDown");
  await input.press("Enter");
  await expect(condition).toHaveAttribute("data-column", name);
}

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
    // Dataverse requires a last name to create a contact: a main form without it cannot be published.
    ["lastname", "Last Name"],
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
  // The condition is built with the filter editor's groups and conditions, over the form's columns.
  await addTo(page, editor, "the top group", "Condition");
  const first = editor.locator('[data-node="condition"]').nth(0);
  await pickColumn(page, first, "Preferred Method of Contact", "preferredcontactmethodcode");
  await expect(first.getByRole("combobox", { name: "Operator" })).toHaveValue("is …");
  // Only the operators a rule can evaluate: no fiscal or hierarchy ones.
  await first.getByRole("combobox", { name: "Operator" }).click();
  await expect(page.getByRole("option", { name: /fiscal/ })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await first.getByRole("combobox", { name: "Value" }).click();
  await page.getByRole("listbox", { name: "Value" }).getByRole("option", { name: "Email", exact: true }).click();
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
  const reloaded = page.getByTestId("rules-panel");
  await expect(reloaded.getByTestId("rule-sentence")).toHaveText(SENTENCE);

  // A nested condition: any of (Preferred Method of Contact is Email, all of (Last Name begins with "A", Email is
  // empty)), built in the UI.
  await reloaded.getByRole("button", { name: "Add rule", exact: true }).click();
  const nested = reloaded.getByTestId("rule-editor");
  await nested.getByRole("textbox", { name: "Rule name" }).fill("Warn on A names");
  await addTo(page, nested, "the top group", "Condition");
  const top = nested.locator('[data-node="condition"]').nth(0);
  await pickColumn(page, top, "Preferred Method of Contact", "preferredcontactmethodcode");
  await top.getByRole("combobox", { name: "Value" }).click();
  await page.getByRole("listbox", { name: "Value" }).getByRole("option", { name: "Email", exact: true }).click();
  await nested.getByText("Any of (or)", { exact: true }).click();
  await expect(nested.locator('[data-node="group"][data-depth="0"]')).toHaveAttribute("data-group-type", "or");
  await addTo(page, nested, "the top group", /^Group/);
  const inner = nested.locator('[data-node="group"][data-group-type="and"]');
  await expect(inner).toHaveAttribute("data-depth", "1");
  const lastName = inner.locator('[data-node="condition"]').nth(0);
  await pickColumn(page, lastName, "Last Name", "lastname");
  await lastName.getByRole("combobox", { name: "Operator" }).fill("begins-with");
  await page
    .getByRole("option", { name: /begins with/ })
    .first()
    .click();
  await lastName.getByRole("textbox", { name: "Value" }).fill("A");
  await addTo(page, nested, "this group", "Condition");
  const noEmail = inner.locator('[data-node="condition"]').nth(1);
  await pickColumn(page, noEmail, "Email", "emailaddress1");
  await noEmail.getByRole("combobox", { name: "Operator" }).fill("null");
  await noEmail.getByRole("combobox", { name: "Operator" }).press("ArrowDown");
  await noEmail.getByRole("combobox", { name: "Operator" }).press("Enter");
  await expect(noEmail).toHaveAttribute("data-operator", "null");
  await nested.getByRole("button", { name: "Add action", exact: true }).click();
  await nested.getByRole("combobox", { name: "Then action 1 type" }).selectOption("warning");
  await nested.getByRole("textbox", { name: "Then action 1 message" }).fill("Check the e-mail");
  const nestedSentence = reloaded.locator('[data-rule="Warn on A names"]').getByTestId("rule-sentence");
  await expect(nestedSentence).toContainText("Preferred Method of Contact is Email or (");
  await expect(nestedSentence).toContainText('Last Name begins with "A"');
  await shoot(page, reloaded, "form-rules-nested");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved form Main form/)).toBeVisible();

  // Publish, download the version's bundle and find both rules in it, the nested condition as built.
  await page.goto(`/projects/${projectId}/versions`);
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Release notes" }).fill("Rules");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/Published version \d+/);
  await page.goto(`/projects/${projectId}/versions/1`);
  await waitForHydration(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download bundle" }).click();
  const bundle = JSON.parse(fs.readFileSync(await (await download).path(), "utf8")) as {
    content: { tables: Array<{ forms?: Array<{ rules?: Rule[] }> }> };
  };
  const rules = bundle.content.tables.flatMap((t) => (t.forms ?? []).flatMap((f) => f.rules ?? []));
  const published = rules.find((r) => r.name === "Email when preferred");
  expect(published).toMatchObject({
    trigger: { on: "change", columns: ["preferredcontactmethodcode"] },
    condition: {
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "preferredcontactmethodcode", operator: "eq", values: ["2"] }],
    },
    then: [{ type: "require" }],
    else: [{ type: "optional" }],
  });
  expect(rules.find((r) => r.name === "Warn on A names")?.condition).toMatchObject({
    type: "or",
    children: [
      { kind: "condition", column: "preferredcontactmethodcode" },
      {
        kind: "group",
        type: "and",
        children: [
          { kind: "condition", column: "lastname", operator: "begins-with", values: ["A"] },
          { kind: "condition", column: "emailaddress1", operator: "null" },
        ],
      },
    ],
  });
});
