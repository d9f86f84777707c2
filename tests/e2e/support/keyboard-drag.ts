// Picks up a dnd-kit draggable with the keyboard, deterministically. dnd-kit's keyboard sensor starts the drag on
// Space but listens for the arrow keys only from its next timer task (a setTimeout after the pick-up): under load an
// arrow key pressed right after Space can arrive first and be lost, so the item stays over itself. Waiting for the
// drag to start (the grip is pressed, the pick-up is announced; dnd-kit replaces that announcement at once with what
// the item is over, so the pressed grip is the signal) and then for one timer task of the page's own makes every
// arrow key count.
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

export const dndLiveRegion = (page: Page) => page.locator("[id^=DndLiveRegion]").first();

export async function pickUpWithKeyboard(page: Page, grip: Locator, announced: string): Promise<void> {
  await grip.focus();
  await page.keyboard.press("Space");
  await expect(grip).toHaveAttribute("aria-pressed", "true");
  const escaped = announced.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await expect(dndLiveRegion(page)).toHaveText(new RegExp(escaped, "i"));
  // Timers run in order: once this one has run, the sensor's listener is attached.
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
