// Designer with a 150-field, 8-tab form: time from a keyboard move (Enter on the property panel's "Down"/"Up",
// moving the selected field one place in its section) to the phone preview painted, measured in the page with
// performance.now(): the keydown, then the preview's DOM mutation, then the frame after it. Baseline in the same
// run: a 10-field, one-tab form; A and B alternate 5 times. Writes its figures to DESIGNER_BENCH_OUT.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "@playwright/test";
import { SEEDED, readState } from "../../tests/e2e/support/state";
import { waitForHydration } from "../../tests/e2e/support/fixtures";
import type { Page } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROUNDS = 5;

test.use({ viewport: { width: 1840, height: 1200 } });

function seed(): { projectId: string; forms: { big: string; small: string } } {
  const { dataDir } = readState();
  const run = Date.now().toString(36);
  const env = {
    ...process.env,
    SYNCWRIGHT_DATA_DIR: dataDir,
    SEED_BENCH_FORMS: "1",
    SEED_ENVIRONMENT_NAME: `Bench org ${run}`,
    SEED_PROJECT_NAME: `Bench ${run}`,
    LOG_LEVEL: "warn",
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const out = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/e2e/support/seed-designer-project.ts")],
    { cwd: ROOT, env, encoding: "utf8" },
  );
  if (out.status !== 0) throw new Error(`seeding failed:\n${out.stdout}\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").at(-1)!) as {
    projectId: string;
    forms: { big: string; small: string };
  };
}

/** Opens a form, selects the first field of the first section, and times each move down then back up. */
async function measure(page: Page, url: string): Promise<number[]> {
  await page.goto(url);
  await waitForHydration(page);
  const first = page.getByTestId("form-canvas").locator("[data-section]").first();
  const count = await first.locator("[data-field]").count();
  await first
    .locator("[data-field]")
    .first()
    .getByRole("button", { name: /^Field / })
    .click();
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number | null; __marks: number[] };
    w.__t0 = null;
    w.__marks = [];
    document.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter") w.__t0 = performance.now();
      },
      true,
    );
    const preview = document.querySelector('[data-testid="device-preview"]')!;
    new MutationObserver(() => {
      const t0 = w.__t0;
      if (t0 === null) return;
      w.__t0 = null;
      // The frame the change is painted in: after its animation frame, once the browser has painted.
      requestAnimationFrame(() => setTimeout(() => w.__marks.push(performance.now() - t0), 0));
    }).observe(preview, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const properties = page.getByTestId("properties");
  for (const [button, times] of [
    ["Down", count - 1],
    ["Up", count - 1],
  ] as const) {
    await properties.getByRole("button", { name: button, exact: true }).focus();
    for (let i = 0; i < times; i++) {
      const before = await page.evaluate(() => (window as unknown as { __marks: number[] }).__marks.length);
      await page.keyboard.press("Enter");
      for (;;) {
        const now = await page.evaluate(() => (window as unknown as { __marks: number[] }).__marks.length);
        if (now > before) break;
        await page.waitForTimeout(5);
      }
    }
  }
  return page.evaluate(() => (window as unknown as { __marks: number[] }).__marks);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { min: +s[0].toFixed(2), median: +at(0.5).toFixed(2), p95: +at(0.95).toFixed(2), samples: s.length };
};

test("keyboard move to preview painted, 150-field 8-tab form beside a 10-field form", async ({ page }) => {
  const { projectId, forms } = seed();
  const response = await page.request.post("/auth/sign-in", {
    data: { email: SEEDED.editor.email, password: SEEDED.editor.password },
  });
  if (response.status() !== 200) throw new Error(`sign-in failed: ${await response.text()}`);
  const url = (id: string) => `/projects/${projectId}/tables/contact/forms/${id}`;
  const big: number[] = [];
  const small: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    big.push(...(await measure(page, url(forms.big))));
    small.push(...(await measure(page, url(forms.small))));
  }
  const load = os.loadavg().map((n) => +n.toFixed(2));
  const figures = [
    {
      name: "designer keyboard move to preview painted, 150 fields / 8 tabs, median",
      value: stats(big).median,
      unit: "ms",
      ...stats(big),
      load,
      aim: "< 50 ms",
    },
    {
      name: "designer keyboard move to preview painted, 10 fields / 1 tab (baseline), median",
      value: stats(small).median,
      unit: "ms",
      ...stats(small),
      load,
    },
  ];
  writeFileSync(
    process.env.DESIGNER_BENCH_OUT ?? path.join(ROOT, "test-results-bench-designer.json"),
    JSON.stringify(figures),
  );
});
