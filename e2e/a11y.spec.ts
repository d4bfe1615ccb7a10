import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { SEVERE, severeViolations } from "./support/axe";
import { DEMO_PASSWORD, T, claimDemoCode, demoUser, englishCookie, storageStateOf } from "./support/staff";
import { openPalette } from "./support/shell";

test.describe("signed out", () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await context.addCookies([englishCookie(baseURL!)]);
  });

  test("the sign-in page has no serious or critical accessibility violations", async ({ page }) => {
    await page.goto("/sign-in");
    expect(await severeViolations(page)).toEqual([]);
  });

  test("the sign-in form can be completed with the keyboard alone", async ({ page, baseURL }) => {
    const email = "manager@bank0108.demo";
    await page.goto("/sign-in");
    const emailField = page.getByLabel(T.en("auth.email"), { exact: true });
    for (let presses = 0; presses < 10 && !(await emailField.evaluate((el) => el === document.activeElement)); presses++) {
      await page.keyboard.press("Tab");
    }
    await expect(emailField).toBeFocused();
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(T.en("auth.password"), { exact: true })).toBeFocused();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(T.en("auth.code"), { exact: true })).toBeFocused();
    await page.keyboard.type(await claimDemoCode(email));
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseURL}/`);
    await expect(page.getByTestId("user-menu")).toContainText(demoUser(email).displayName);
  });
});

// Every page of every role: e2e/pages.spec.ts (one walk for the layout and axe).

test.describe("the shell's own parts", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("the command palette with results, the sidebar as a rail and the not-found page have no serious or critical accessibility violations", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto("/no-such-page");
    expect(await severeViolations(page)).toEqual([]);
    await page.goto("/");
    const dialog = await openPalette(page, T.en("shell.search.title"));
    await dialog.getByRole("combobox").fill("0101");
    await expect(dialog.getByRole("group", { name: T.en("shell.search.groups.banks") }).getByRole("option")).toHaveCount(1);
    const result = await new AxeBuilder({ page }).include('[role="dialog"]').options({ resultTypes: ["violations"] }).analyze();
    expect(result.violations.filter((v) => SEVERE.has(v.impact ?? "")).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
  });
});
