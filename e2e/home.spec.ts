import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_BANKS } from "@/db/seed/banks";
import { STORY_END } from "@/db/seed/calendar";
import { formatJst } from "@/lib/format";
import { T, englishCookie, storageStateOf, type PreparedUser } from "./support/staff";

/**
 * The console's home as each scope sees it, on the untouched demo data: this project runs after the
 * sessions are prepared and before every other signed-in spec (playwright.config.ts), since those
 * change controls (a loosening at 0101, a bulk tightening) and the figures are the published ones.
 */
const SEVERE = new Set(["serious", "critical"]);
const OWN = DEMO_BANKS.find((b) => b.code === "0101")!;

async function home(browser: Browser, email: PreparedUser, locale: "ja" | "en", width = 1440): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(email), viewport: { width, height: 900 } });
  // The prepared sessions may carry a language of their own: this test names the one it reads.
  await context.addCookies([{ ...englishCookie(test.info().project.use.baseURL!), value: locale }]);
  const page = await context.newPage();
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(T[locale]("home.title"));
  return page;
}

async function severe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return result.violations.filter((v) => SEVERE.has(v.impact ?? "")).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

async function scrollsSideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("the carrier's home shows the incident's figures from the data: ¥25,420,000 stolen, 120 confirmed cases at 11 of 35 banks, registrations suspended at 35 and charges at 27 of 35 (Japanese)", async ({ browser }) => {
  const t = T.ja;
  const page = await home(browser, "manager@carrier.demo", "ja");
  await expect(page.getByTestId("home-loss")).toContainText("¥25,420,000");
  await expect(page.getByTestId("home-cases")).toContainText("120");
  await expect(page.getByTestId("home-banks-hit")).toContainText(`11${t("home.incident.ofBanks", { total: "35" })}`);
  await expect(page.getByTestId("home-registrations")).toContainText(`35${t("home.controls.ofBanks", { total: "35" })}`);
  await expect(page.getByTestId("home-charges")).toContainText(`27${t("home.controls.ofBanks", { total: "35" })}`);
  await expect(page.getByTestId("home-incident")).toContainText("INC-2020-001");
  // Every bank in the matrix, each opening its controls and history.
  const tiles = page.getByTestId("home-matrix").getByRole("link");
  await expect(tiles).toHaveCount(35);
  await expect(page.getByTestId("home-matrix").getByRole("link", { name: `${OWN.code} ${OWN.nameJa}` })).toHaveAttribute("href", `/controls/${OWN.code}`);
  // The latest change is the story's last: Monday 2020-09-14 16:00, Japan time.
  await expect(page.getByTestId("home-latest").getByRole("listitem").first()).toContainText(formatJst(STORY_END));
  // Each figure links to the page behind it.
  await expect(page.getByRole("link").filter({ has: page.getByTestId("home-charges") })).toHaveAttribute("href", "/controls?charges=suspended");
  await page.getByTestId("home-banks-hit").click();
  await page.waitForURL(/\/controls$/);
  await page.goBack();
  await page.getByTestId("home-loss").click();
  await page.waitForURL(/\/accounts\?status=frozen$/);
  await page.context().close();
});

test("a bank's operator sees only their bank: its state, its cases and loss, its changes; no other bank's name or figure (English)", async ({ browser }) => {
  const t = T.en;
  const page = await home(browser, "operator@bank0101.demo", "en");
  const situation = (await (await page.request.get("/api/v1/situation")).json()) as { incident: { confirmedCases: number; lossYen: number } };
  await expect(page.getByTestId("home-scope")).toContainText(t("home.scopeBank", { bank: OWN.nameEn }));
  await expect(page.getByTestId("home-cases")).toContainText(t("home.incident.casesOwn"));
  await expect(page.getByTestId("home-cases")).toContainText(String(situation.incident.confirmedCases));
  await expect(page.getByTestId("home-loss")).toContainText(`¥${situation.incident.lossYen.toLocaleString("en-US")}`);
  await expect(page.getByTestId("home-banks-hit")).toHaveCount(0);
  await expect(page.getByTestId("home-registrations")).toContainText(t("home.controls.yourBank", { control: t("controls.control.registrations") }));
  await expect(page.getByTestId("home-matrix").getByRole("link")).toHaveCount(1);
  const main = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  expect(main).not.toContain("25,420,000");
  for (const other of DEMO_BANKS.filter((b) => b.code !== OWN.code)) {
    expect(main).not.toContain(other.nameEn);
    expect(main).not.toContain(other.nameJa);
  }
  await page.context().close();
});

for (const [email, locale] of [
  ["manager@carrier.demo", "ja"],
  ["operator@bank0101.demo", "en"],
  ["admin@carrier.demo", "ja"],
] as const) {
  test(`${email}'s home fits 1024 and 1440 px without scrolling sideways and has no serious accessibility violations (${locale})`, async ({ browser }) => {
    for (const width of [1024, 1440]) {
      const page = await home(browser, email, locale, width);
      expect(await scrollsSideways(page), `${width} px`).toBeLessThanOrEqual(0);
      if (width === 1440) expect(await severe(page)).toEqual([]);
      await page.context().close();
    }
  });
}
