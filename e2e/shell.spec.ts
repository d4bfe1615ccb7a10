import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { T, storageStateOf } from "./support/staff";

/** The console's shell: its own 404 inside the layout, in the user's language; unknown ids answer 404. */
test.describe("not found", () => {
  test.use({ storageState: storageStateOf("operator@carrier.demo") });

  test("a wrong URL inside the console shows the console's 404 in Japanese, inside the shell", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "lg_locale", value: "ja", url: baseURL! }]);
    const res = await page.goto("/no-such-page/at/all");
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.ja("common.notFound"));
    await expect(page.getByText(T.ja("common.notFoundBody"))).toBeVisible();
    // Inside the shell: the sidebar and the user menu are there.
    await expect(page.getByRole("navigation", { name: T.ja("shell.nav.label") })).toBeVisible();
    await expect(page.getByTestId("user-menu")).toBeVisible();
    await page.getByRole("link", { name: T.ja("shell.notFoundPage.home") }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("an unknown id answers 404: a bank code no bank has, a link id no link has, a link id that is no id", async ({ page }) => {
    for (const path of ["/controls/9999", "/controls/abc", `/accounts/${crypto.randomUUID()}`, "/accounts/not-a-link"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(T.en("common.notFound"));
    }
  });
});

test.describe("not found at a bank", () => {
  test.use({ storageState: storageStateOf("operator@bank0101.demo") });

  test("another bank's controls page answers 404, as a code no bank has", async ({ page }) => {
    expect((await page.goto("/controls/0108"))?.status()).toBe(404);
    expect((await page.goto("/controls/0101"))?.status()).toBe(200);
  });
});
