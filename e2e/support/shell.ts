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
