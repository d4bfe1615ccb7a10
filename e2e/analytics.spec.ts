import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_BANKS } from "@/db/seed/banks";
import { T, englishCookie, storageStateOf } from "./support/staff";

/**
 * Loss analytics (#16 §1, §5): the carrier's manager reads the story's figures, turns a chart into a
 * table and downloads its CSV; a bank's manager sees their bank beside the average of all banks and
 * no other bank's name, on the page or in the API's answers.
 */
const STORY = "/analytics?incident=INC-2020-001";
const OWN = DEMO_BANKS.find((b) => b.code === "0101")!;
const OTHERS = DEMO_BANKS.filter((b) => b.code !== "0101");

/** Until recharts (loaded after the page) has drawn the charts that have data. */
async function chartsDrawn(page: Page, count: number) {
  await expect(page.locator(".recharts-surface").first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => page.locator(".recharts-surface").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
}

test.describe("a carrier manager", () => {
  test.use({ storageState: storageStateOf("manager@carrier.demo") });

  test("the filters name the period and the incident as the page arrives, before its scripts run", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ storageState: storageStateOf("manager@carrier.demo"), javaScriptEnabled: false });
    await context.addCookies([englishCookie(baseURL!)]);
    const page = await context.newPage();
    await page.goto(`${baseURL}${STORY}&period=30d`);
    await expect(page.locator("#analytics-period")).toHaveText(T.en("analytics.filters.presets.30d"));
    await expect(page.locator("#analytics-incident")).toContainText("INC-2020-001");
    await page.goto(`${baseURL}/analytics`);
    await expect(page.locator("#analytics-period")).toHaveText(T.en("analytics.filters.presets.all"));
    await expect(page.locator("#analytics-incident")).toHaveText(T.en("analytics.filters.allIncidents"));
    await context.close();
  });

  test("sees the story's figures (¥25,420,000, 120 cases, 11 of 35 banks), shows loss by bank as a table with the chart's numbers and downloads its CSV", async ({ page, baseURL }) => {
    const t = T.en;
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto(STORY);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("analytics.title"));
    await expect(page.getByTestId("figure-loss")).toContainText("¥25,420,000");
    await expect(page.getByTestId("figure-cases")).toContainText("120");
    await expect(page.getByTestId("figure-banks")).toContainText("11");
    await expect(page.getByTestId("figure-banks")).toContainText("of 35 banks");
    await chartsDrawn(page, 4);

    // The chart's numbers, as the API gave them to the page.
    const api = (await (await page.request.get("/api/v1/analytics/loss-by-bank?incident=INC-2020-001")).json()) as { rows: { bank: { nameEn: string }; lossYen: number; outstandingYen: number }[] };
    expect(api.rows).toHaveLength(11);

    const card = page.getByTestId("chart-loss-by-bank");
    await card.getByRole("button", { name: t("analytics.chart.showTable") }).click();
    const table = card.getByRole("table", { name: t("analytics.charts.lossByBank.title") });
    await expect(table).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(11);
    const first = table.locator("tbody tr").first();
    await expect(first).toContainText(api.rows[0]!.bank.nameEn);
    await expect(first).toContainText(`¥${api.rows[0]!.lossYen.toLocaleString("en")}`);

    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("button", { name: t("analytics.chart.csvLabel", { title: t("analytics.charts.lossByBank.title") }) }).click()]);
    expect(download.suggestedFilename()).toBe("analytics-loss-by-bank.csv");
    const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header).toBe([t("analytics.columns.bank"), t("analytics.columns.lossYen"), t("analytics.columns.compensatedYen"), t("analytics.columns.pendingYen"), t("analytics.columns.outstandingYen"), t("analytics.columns.cases")].join(","));
    expect(lines).toHaveLength(11);
    expect(lines.map((l) => l.split(",")[0])).toEqual(api.rows.map((r) => r.bank.nameEn));
    expect(lines.map((l) => Number(l.split(",")[1]))).toEqual(api.rows.map((r) => r.lossYen));
    expect(lines.reduce((sum, l) => sum + Number(l.split(",")[1]), 0)).toBe(25_420_000);

    // Back to the chart; the filters are in the URL.
    await card.getByRole("button", { name: t("analytics.chart.showChart") }).click();
    await expect(table).toBeHidden();
    expect(page.url()).toContain("incident=INC-2020-001");
  });

  test("a period with nothing in it shows the empty state, not broken charts", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/analytics?period=custom&from=2001-01-01&to=2001-01-31");
    await expect(page.getByTestId("figure-loss")).toContainText("¥0");
    await expect(page.getByTestId("chart-loss-by-bank").getByTestId("chart-empty")).toBeVisible();
    await expect(page.getByTestId("chart-loss-over-time").getByText(T.en("analytics.empty"))).toBeVisible();
  });
});

test.describe("a bank's manager", () => {
  test.use({ storageState: storageStateOf("manager@bank0101.demo") });

  test("sees their bank beside the average of all banks, and no other bank's name on the page or in the API's answers", async ({ page, baseURL }) => {
    const t = T.ja;
    // The prepared sessions carry lg_locale=en: this one reads the page in Japanese, the default.
    await page.context().addCookies([{ name: "lg_locale", value: "ja", url: baseURL! }]);
    await page.goto(STORY);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("analytics.title"));
    await expect(page.getByText(t("analytics.youAndAverage", { bank: OWN.nameJa, count: 35 }))).toBeVisible();
    await expect(page.getByTestId("figure-cases")).toContainText("24");
    await expect(page.getByTestId("figure-banks")).toHaveCount(0);
    await chartsDrawn(page, 4);

    const card = page.getByTestId("chart-loss-by-bank");
    await card.getByRole("button", { name: t("analytics.chart.showTable") }).click();
    const rows = card.getByRole("table").locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText(OWN.nameJa);
    await expect(rows.nth(1)).toContainText(t("analytics.chart.average"));

    const text = await page.locator("body").innerText();
    for (const b of OTHERS) {
      expect(text, b.nameJa).not.toContain(b.nameJa);
      expect(text, b.nameEn).not.toContain(b.nameEn);
    }
    for (const path of ["summary", "loss-over-time", "loss-by-bank", "spending-by-category", "links-by-verification", "case-flow", "decisions", "regulator"]) {
      for (const q of ["", "?incident=INC-2020-001"]) {
        const res = await page.request.get(`/api/v1/analytics/${path}${q}`);
        expect(res.status(), path).toBe(200);
        const body = await res.text();
        for (const b of OTHERS) {
          expect(body, `${path}: ${b.code}`).not.toContain(`"${b.code}"`);
          expect(body, `${path}: ${b.nameEn}`).not.toContain(b.nameEn);
          expect(body, `${path}: ${b.nameJa}`).not.toContain(b.nameJa);
        }
      }
    }
    expect((await page.request.get("/api/v1/analytics/summary?bank=0108")).status()).toBe(422);

    // Open cases by age (every period: some are open): the bands carry their unit, 0–2日 … 31日以上.
    await page.goto("/analytics");
    const age = page.getByTestId("chart-case-age");
    await age.getByRole("button", { name: t("analytics.chart.showTable") }).click();
    await expect(age.getByTestId("chart-case-age-table").getByRole("rowheader")).toHaveText(["0–2日", "3–10日", "11–30日", "31日以上"]);
  });
});
