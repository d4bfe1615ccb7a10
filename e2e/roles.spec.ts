import { expect, test, type Page } from "@playwright/test";
import { NAV, navFor } from "@/lib/nav";
import { PREPARED_USERS, T, demoUser, organisationLabel, storageStateOf, type PreparedUser } from "./support/staff";

// Every role at the carrier and at a bank (the prepared sessions carry lg_locale=en).
const ROLE_USERS = PREPARED_USERS.filter((e) => !e.endsWith("@bank0108.demo"));

function sidebar(page: Page, locale: "en" | "ja" = "en") {
  return page.getByRole("navigation", { name: T[locale]("shell.nav.label") }).getByRole("link");
}

for (const email of ROLE_USERS) {
  const user = demoUser(email);
  test.describe(`${user.roles.join(", ")} at ${organisationLabel(user)}`, () => {
    test.use({ storageState: storageStateOf(email as PreparedUser) });

    test("each role sees its own sidebar", async ({ page }) => {
      const expected = navFor(user.roles);
      await page.goto("/");
      await expect(sidebar(page)).toHaveText(expected.map((e) => T.en(e.label)));
      const hrefs = await sidebar(page).evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs).toEqual(expected.map((e) => e.href));
    });
  });
}

test.describe("language", () => {
  test.use({ storageState: storageStateOf("operator@bank0101.demo") });

  test("switching the language in the user menu shows the console in Japanese", async ({ page }) => {
    const user = demoUser("operator@bank0101.demo");
    await page.goto("/");
    await expect(sidebar(page)).toHaveText(navFor(user.roles).map((e) => T.en(e.label)));
    await page.getByTestId("user-menu").click();
    await page.getByRole("combobox", { name: T.en("shell.language") }).last().selectOption("ja");
    await expect(sidebar(page, "ja")).toHaveText(navFor(user.roles).map((e) => T.ja(e.label)));
    await expect(sidebar(page, "ja").first()).toHaveText("連携口座");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  });
});

test.describe("outside the role", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("a page outside the role's permissions shows not found", async ({ page }) => {
    const user = demoUser("investigator@carrier.demo");
    const outside = NAV.filter((e) => !navFor(user.roles).includes(e));
    expect(outside.map((e) => e.href)).toContain("/admin");
    for (const entry of outside) {
      // Not the status: a page with a loading state has begun streaming (200) before it refuses.
      await page.goto(entry.href);
      await expect(page.getByRole("heading", { level: 1 }), entry.href).toHaveText(T.en("common.notFound"));
      await expect(page.getByText(T.en("common.notFoundBody"))).toBeVisible();
    }
    // The pages the role may open are there.
    await page.goto("/cases");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.en("cases.queue.title"));
  });
});
