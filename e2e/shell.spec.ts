import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { T, storageStateOf } from "./support/staff";
import { openPalette } from "./support/shell";

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

test.describe("command palette", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("Ctrl+K finds a wallet by its e-mail and opens its links", async ({ page }) => {
    const res = await page.request.get("/api/v1/accounts?limit=1");
    const link = ((await res.json()) as { items: { walletId: string; email: string }[] }).items[0]!;
    await page.goto("/");
    const dialog = await openPalette(page, T.en("shell.search.title"));
    await dialog.getByRole("combobox").fill(link.email.toUpperCase());
    const wallet = dialog.getByRole("group", { name: T.en("shell.search.groups.wallets") }).getByRole("option").first();
    await expect(wallet).toContainText(link.email);
    await expect(wallet).toContainText(link.walletId);
    // The first result is chosen: Enter opens it.
    await expect(wallet).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/accounts\\?q=${link.walletId}$`));
    await expect(dialog).toBeHidden();
  });

  test("the header's search button finds a bank by its code", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: T.en("shell.search.open") }).click();
    const dialog = page.getByRole("dialog", { name: T.en("shell.search.title") });
    await dialog.getByRole("combobox").fill("0108");
    const bank = dialog.getByRole("group", { name: T.en("shell.search.groups.banks") }).getByRole("option");
    await expect(bank).toHaveCount(1);
    await expect(bank).toContainText("Hokusei Bank (0108)");
    await bank.click();
    await expect(page).toHaveURL(/\/controls\/0108$/);
  });

  test("pages are found by their name, and Escape closes the palette", async ({ page }) => {
    await page.goto("/");
    const dialog = await openPalette(page, T.en("shell.search.title"));
    await dialog.getByRole("combobox").fill("reimb");
    await expect(dialog.getByRole("group", { name: T.en("shell.search.groups.pages") }).getByRole("option")).toHaveText([T.en("shell.nav.reimbursements")]);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });
});

test.describe("sidebar", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  const nav = (page: import("@playwright/test").Page) => page.getByRole("navigation", { name: T.en("shell.nav.label") });

  test("collapses to icons with tooltips, is kept across visits from the first paint, and opens again by keyboard", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/");
    const sidebar = page.getByTestId("sidebar");
    await expect(sidebar).toHaveAttribute("data-sidebar", "auto");
    expect((await nav(page).getByRole("link").first().boundingBox())!.width).toBeGreaterThan(150);
    await page.getByRole("button", { name: T.en("shell.sidebar.collapse") }).click();
    await expect(sidebar).toHaveAttribute("data-sidebar", "collapsed");
    // The server reads the choice: the page arrives collapsed.
    const html = await (await page.request.get("/")).text();
    expect(html).toContain('data-sidebar="collapsed"');
    await page.reload();
    await expect(sidebar).toHaveAttribute("data-sidebar", "collapsed");
    const first = nav(page).getByRole("link").first();
    expect((await first.boundingBox())!.width).toBeLessThan(50);
    // A link keeps its name; focused, its tooltip shows it.
    await expect(first).toHaveAccessibleName(T.en("shell.nav.accounts"));
    await first.focus();
    await expect(page.getByRole("tooltip")).toHaveText(T.en("shell.nav.accounts"));
    await page.keyboard.press("Control+b");
    await expect(sidebar).toHaveAttribute("data-sidebar", "expanded");
    expect((await first.boundingBox())!.width).toBeGreaterThan(150);
  });

  test("is a rail of icons by itself below 1100 px", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto("/");
    await expect(page.getByTestId("sidebar")).toHaveAttribute("data-sidebar", "auto");
    expect((await nav(page).getByRole("link").first().boundingBox())!.width).toBeLessThan(50);
  });

  test("breadcrumbs name the section and the page, a bank by its name", async ({ page }) => {
    await page.goto("/controls/0108");
    const crumbs = page.getByRole("navigation", { name: T.en("shell.breadcrumb") });
    // The bank by its name in the reader's language, not its code.
    const { nameEn } = (await (await page.request.get("/api/v1/controls/0108/history", { params: { limit: 1 } })).json()) as { nameEn: string };
    await expect(crumbs.getByRole("listitem")).toHaveText([T.en("shell.nav.home"), T.en("shell.nav.controls"), nameEn]);
    await crumbs.getByRole("link", { name: T.en("shell.nav.controls") }).click();
    await expect(page).toHaveURL(/\/controls$/);
  });
});
