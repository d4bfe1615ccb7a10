import { expect, test } from "@playwright/test";
import { SIZES, open, overflow, pagesOf } from "./support/layout";
import { demoUser, storageStateOf } from "./support/staff";

/**
 * Fits the screen (#13 §7) with the sidebar open at 1024 px, as the user may choose it (a first
 * visit finds it a rail there: e2e/pages.spec.ts walks every role's pages that way and at 1280 px).
 */
test.describe("with the sidebar open at 1024 px", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("no page scrolls sideways when the user chose the open sidebar", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "lg_sidebar", value: "expanded", url: baseURL! }]);
    await page.setViewportSize(SIZES[0]);
    for (const path of await pagesOf(page, demoUser("investigator@carrier.demo"))) {
      await open(page, path);
      await expect(page.getByTestId("sidebar")).toHaveAttribute("data-sidebar", "expanded");
      const o = await overflow(page);
      expect.soft(o.scrollWidth, `${path} is ${o.scrollWidth} px wide`).toBeLessThanOrEqual(o.innerWidth);
    }
  });
});
