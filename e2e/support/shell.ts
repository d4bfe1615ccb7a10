import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Opens the command palette with Ctrl+K (⌘K on a Mac) and returns its dialog. A key pressed before
 * the page has hydrated reaches no listener (a person would press again), so the key is pressed
 * again until the palette shows: on a loaded CI machine the first press can come before hydration.
 */
export async function openPalette(page: Page, title: string): Promise<Locator> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(async () => {
    if (!(await dialog.isVisible())) await page.keyboard.press("ControlOrMeta+k");
    await expect(dialog).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return dialog;
}

/**
 * Clicks a button that opens a dialog and returns the dialog. A click before the page has hydrated
 * reaches no listener (a person would click again), so it is clicked again until the dialog shows;
 * a dialog whose code loads on first use (next/dynamic) has a few seconds to arrive. On a loaded
 * CI machine a case file's first click once came before hydration and the dialog never opened.
 */
export async function openDialog(page: Page, trigger: Locator): Promise<Locator> {
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    if (!(await dialog.isVisible())) await trigger.click({ timeout: 2_000 });
    await expect(dialog).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  return dialog;
}
