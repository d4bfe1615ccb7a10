import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { navFor } from "@/lib/nav";
import { DEMO_PASSWORD, PREPARED_USERS, T, claimDemoCode, demoUser, englishCookie, organisationLabel, storageStateOf, type PreparedUser } from "./support/staff";
import { openPalette } from "./support/shell";

const SEVERE = new Set(["serious", "critical"]);

/**
 * Results by page content, for this worker: another role that gets exactly the same page apart
 * from the sidebar and the header (scanned on that role's own home page) is not scanned again.
 */
const scannedContent = new Map<string, string[]>();
/** The paths whose colour contrast this worker has checked (for any role). */
const contrastChecked = new Set<string>();

async function contentKey(page: Page): Promise<string> {
  const content = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll("aside, header, script").forEach((n) => n.remove());
    return `${location.pathname}\n${document.title}\n${body.innerHTML}`;
  });
  return crypto.createHash("sha256").update(content).digest("hex");
}

/** axe on the page as it stands; the serious and critical violations, described for the failure message. */
async function severeViolations(page: Page, { reuse = false } = {}): Promise<string[]> {
  // The page's heading, and no list still loading (pages hand their first data to the client).
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByText(T.en("common.loading"), { exact: true })).toHaveCount(0);
  const key = reuse ? await contentKey(page) : null;
  const known = key ? scannedContent.get(key) : undefined;
  if (known) return known;
  // Only the violations are needed: axe skips collecting every passing node. Colour contrast, most
  // of axe's time on a long table, is a matter of the kit's styles, not of the role: checked on the
  // first visit of each path in this worker, the other rules on every visit.
  const path = new URL(page.url()).pathname;
  // A table's rows after the fifth are the same components with other data: not scanned again.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).exclude("tbody > tr:nth-child(n+6)");
  if (reuse && contrastChecked.has(path)) builder.disableRules(["color-contrast"]);
  contrastChecked.add(path);
  const result = await builder.analyze();
  const severe = result.violations
    .filter((v) => SEVERE.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
  if (key) scannedContent.set(key, severe);
  return severe;
}

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

// Every page each role reaches from its sidebar, at the carrier and at a bank.
for (const email of PREPARED_USERS.filter((e) => !e.endsWith("@bank0108.demo"))) {
  const user = demoUser(email);
  test.describe(`${user.roles.join(", ")} at ${organisationLabel(user)}`, () => {
    test.use({ storageState: storageStateOf(email as PreparedUser) });

    test("every page the role reaches has no serious or critical accessibility violations", async ({ page }) => {
      // One axe run per sidebar page: the carrier's investigators and auditors reach ten of them
      // (incidents added one); at 56 s for a bank's auditor on a loaded machine, 60 s was too close.
      test.setTimeout(120_000);
      const found: string[] = [];
      // Home in full (it carries this role's sidebar and user menu), then each page of the sidebar.
      for (const path of ["/", ...navFor(user.roles).map((e) => e.href)]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        found.push(...(await severeViolations(page, { reuse: path !== "/" })).map((v) => `${path}: ${v}`));
      }
      expect(found).toEqual([]);
    });
  });
}

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
