// Playwright fixtures: sign a seeded account in through the sign-in API (the browser context keeps the cookie),
// and save screenshots under test-results/screens for review.
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";
import { SEEDED, E2E_OUTPUT_DIR } from "./state";

type Account = keyof typeof SEEDED;

export const test = base.extend<{
  signInAs: (account: Account) => Promise<void>;
  snap: (name: string) => Promise<void>;
}>({
  signInAs: async ({ page }, use) => {
    await use(async (account) => {
      const { email, password } = SEEDED[account];
      const response = await page.request.post("/auth/sign-in", { data: { email, password } });
      expect(response.status(), await response.text()).toBe(200);
    });
  },
  snap: async ({ page }, use) => {
    await use(async (name) => {
      // Transitions finished: a dialog that is still fading in is not what the screen looks like.
      await page.screenshot({
        path: path.join(E2E_OUTPUT_DIR, "screens", `${name}.png`),
        fullPage: true,
        animations: "disabled",
      });
    });
  },
});

export { expect };

export async function setColorScheme(page: Page, scheme: "light" | "dark"): Promise<void> {
  await page.evaluate((s) => localStorage.setItem("mantine-color-scheme-value", s), scheme);
  await page.reload();
  await waitForHydration(page);
}

/**
 * Waits until React has hydrated every control on the page: text typed into an input before React attaches
 * its handlers is lost (the fill lands, no change event reaches the component). React marks each element it
 * hydrates with a `__reactFiber$...` property; "network idle" alone does not mean hydrated, since each
 * loading.tsx boundary hydrates on its own. A timeout here names a control React never took over.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  // Skips what no one can use: a Mantine autosize textarea measures itself with a hidden copy it adds to the body.
  const notHydrated = () =>
    [...document.querySelectorAll("input, button, textarea, select, a[href]")]
      .filter((el) => !el.closest('[aria-hidden="true"]'))
      .filter((el) => !Object.keys(el).some((key) => key.startsWith("__reactFiber$")))
      .map((el) => el.outerHTML.slice(0, 120));
  // Polled with evaluate, which the page's Content-Security-Policy allows (waitForFunction's string form needs eval).
  const deadline = Date.now() + 15_000;
  for (;;) {
    const left = await page.evaluate(notHydrated);
    if (left.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`The page did not hydrate in 15 s: React never took over ${left.join(" | ")}`);
    await page.waitForTimeout(50);
  }
}
