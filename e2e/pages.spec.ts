import { expect, test } from "@playwright/test";
import { severeViolations } from "./support/axe";
import { SIZES, open, overflow, pagesOf, sidebarPagesOf } from "./support/layout";
import { PREPARED_USERS, demoUser, organisationLabel, storageStateOf } from "./support/staff";

/**
 * Every page each prepared role reaches, loaded once:
 *  - it fits the screen (#13 §7) at 1024×768 and at 1280×800: what is wider (a table) scrolls inside
 *    its own box, never the page. The page is loaded at the narrower size, then the window is
 *    widened: the layout (the sidebar's rail below 1100 px included, lib/shell.ts) follows the width
 *    through CSS alone;
 *  - at 1280 px, its sidebar's pages have no serious or critical accessibility violation (axe; the
 *    roles at the second bank, whose pages are the first bank's, are not scanned again).
 * One walk does both so that each page is loaded once: the walks were two specs, 40 % of the
 * browser suite's time.
 */
for (const email of PREPARED_USERS) {
  const user = demoUser(email);
  const scanned = !email.endsWith("@bank0108.demo");
  test.describe(`${user.roles.join(", ")} at ${organisationLabel(user)}`, () => {
    test.use({ storageState: storageStateOf(email) });

    const sizes = SIZES.map((s) => `${s.width}×${s.height}`).join(" and ");
    const title = scanned
      ? `every page the role reaches fits ${sizes} without scrolling sideways, and its sidebar's pages have no serious or critical accessibility violations`
      : `every page the role reaches fits ${sizes} without scrolling sideways`;
    test(title, async ({ page }) => {
      // The carrier's managers and auditors reach thirteen pages; the analytics page's eight charts
      // redraw at each width (20 s once, under CI's load on two cores).
      test.setTimeout(180_000);
      const axe = new Set(scanned ? sidebarPagesOf(user) : []);
      const violations: string[] = [];
      await page.setViewportSize(SIZES[0]);
      for (const path of await pagesOf(page, user)) {
        await open(page, path);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          const o = await overflow(page);
          expect.soft(o.scrollWidth, `${path} at ${size.width}px is ${o.scrollWidth} px wide`).toBeLessThanOrEqual(o.innerWidth);
        }
        // Home in full (it carries this role's sidebar and user menu), then each page of the sidebar.
        if (axe.has(path)) violations.push(...(await severeViolations(page, { reuse: path !== "/" })).map((v) => `${path}: ${v}`));
        await page.setViewportSize(SIZES[0]);
      }
      expect(violations).toEqual([]);
    });
  });
}
