// Playwright fixtures: sign a seeded account in through the sign-in API (the browser context keeps the cookie),
// and save screenshots under test-results/screens for review.
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";
import { SEEDED, E2E_OUTPUT_DIR } from "./state";

type Account = keyof typeof SEEDED;

export const test = base.extend<{ signInAs: (account: Account) => Promise<void>; snap: (name: string) => Promise<void> }>({
  signInAs: async ({ page }, use) => {
    await use(async (account) => {
      const { email, password } = SEEDED[account];
      const response = await page.request.post("/auth/sign-in", { data: { email, password } });
      expect(response.status(), await response.text()).toBe(200);
    });
  },
  snap: async ({ page }, use) => {
    await use(async (name) => {
      await page.screenshot({ path: path.join(E2E_OUTPUT_DIR, "screens", `${name}.png`), fullPage: true });
    });
  },
});

export { expect };

export async function setColorScheme(page: Page, scheme: "light" | "dark"): Promise<void> {
  await page.evaluate((s) => localStorage.setItem("mantine-color-scheme-value", s), scheme);
  await page.reload();
  // Let the page hydrate before the test acts on it: input set before React attaches its handlers is lost.
  await page.waitForLoadState("networkidle");
}
