import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatYen } from "@/lib/format";
import { T, englishCookie, storageStateOf } from "./support/staff";
import { openPalette } from "./support/shell";

/**
 * Incidents (#14 §5): a carrier manager creates an incident and attaches a case on its page, and
 * sees the case and the totals; a bank's staff see only their bank's cases of an incident; the
 * command palette finds an incident by its reference.
 */
const t = T.en;

type CaseItem = { id: string; reference: string; bankCode: string; lossYen: number; incident: { reference: string } | null };

/** A case of the bank not yet in any incident, with a loss when there is one (the queue's API, every status). */
async function freeCaseOf(api: APIRequestContext, bank: string): Promise<CaseItem> {
  const res = await api.get("/api/v1/cases", { params: { bank, status: "all", snoozed: "include", sort: "loss", limit: 100 } });
  expect(res.ok(), await res.text()).toBe(true);
  const items = ((await res.json()) as { items: CaseItem[] }).items.filter((c) => c.incident === null);
  expect(items.length, `a case of bank ${bank} outside any incident`).toBeGreaterThan(0);
  return items[0]!;
}

test.describe("a carrier manager", () => {
  test.use({ storageState: storageStateOf("manager@carrier.demo") });

  test("creates an incident, attaches a case on its page, and sees the case, its bank and the totals", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/incidents");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("incidents.title"));
    // The story's incident, its title in the reader's language.
    const story = page.getByTestId("incident-INC-2020-001");
    await expect(story).toContainText("Fraudulent withdrawals through e-money account linking");
    await expect(story).toContainText("¥25,420,000");

    await page.getByTestId("incident-create").click();
    const dialog = page.getByRole("dialog", { name: t("incidents.create.title") });
    const title = `E2E 第2波 ${Date.now()} / E2E second wave`;
    await dialog.getByLabel(t("incidents.create.fieldTitle")).fill(title);
    // The schema's own check, in the reader's language, before anything is sent.
    await dialog.getByLabel(t("incidents.create.fieldStartedOn")).fill("2026-02-30");
    await dialog.getByRole("button", { name: t("incidents.create.save") }).click();
    await expect(dialog.getByText(t("errors.field.calendar_date"))).toBeVisible();
    await dialog.getByLabel(t("incidents.create.fieldStartedOn")).fill("2026-12-01");
    await dialog.getByRole("button", { name: t("incidents.create.save") }).click();
    await expect(page).toHaveURL(/\/incidents\/INC-2026-\d{3}$/);
    const reference = decodeURIComponent(page.url().split("/").pop()!);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("E2E second wave");
    await expect(page.getByTestId("incident-cases")).toContainText(t("incidents.detail.casesEmpty"));

    // Attach a case of bank 0101 by its reference; an unknown one is refused next to the field.
    const c = await freeCaseOf(page.request, "0101");
    const attach = page.getByTestId("incident-attach");
    await attach.getByLabel(t("incidents.attach.field")).fill("C-1999-9999");
    await attach.getByRole("button", { name: t("incidents.attach.save") }).click();
    await expect(attach.getByText(t("errors.field.unknown_case"))).toBeVisible();
    await attach.getByLabel(t("incidents.attach.field")).fill(c.reference.toLowerCase());
    await attach.getByRole("button", { name: t("incidents.attach.save") }).click();
    await expect(page.getByText(t("incidents.attach.done", { case: c.reference, reference }))).toBeVisible();

    const row = page.getByTestId(`incident-case-${c.reference}`);
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: c.reference })).toHaveAttribute("href", `/cases/${c.reference}`);
    await expect(page.getByTestId("figure-cases").locator("dd")).toContainText(/^1(?!\d)/);
    await expect(page.getByTestId("figure-banks").locator("dd")).toHaveText("1");
    const detail = (await (await page.request.get(`/api/v1/incidents/${reference}`)).json()) as { figures: { lossYen: number; confirmedLossYen: number; outstandingYen: number; confirmedCases: number } };
    expect(detail.figures.lossYen).toBe(c.lossYen);
    await expect(page.getByTestId("figure-loss")).toContainText(formatYen(detail.figures.confirmedLossYen));
    await expect(page.getByTestId("figure-outstanding")).toContainText(formatYen(detail.figures.outstandingYen));
    await expect(page.getByTestId("incident-bank-0101")).toBeVisible();
    await expect(page.getByTestId("incident-banks").getByRole("row")).toHaveCount(2);

    // The list counts it too.
    await page.goto("/incidents");
    await expect(page.getByTestId(`incident-${reference}`)).toContainText(t("incidents.casesOf", { count: 1, confirmed: detail.figures.confirmedCases }));

    // The story's banks in the analytics' "loss by bank" order (loss, then code), on the page and in its report.
    const byLoss = (await (await page.request.get("/api/v1/analytics/loss-by-bank?incident=INC-2020-001")).json()) as { rows: { bank: { code: string } }[] };
    const codes = byLoss.rows.map((r) => r.bank.code);
    expect(codes).toHaveLength(11);
    await page.goto("/incidents/INC-2020-001");
    const bankRows = page.getByTestId("incident-banks").locator("tbody tr");
    await expect(bankRows).toHaveCount(11);
    expect(await bankRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))).toEqual(codes.map((c) => `incident-bank-${c}`));
    const report = (await (await page.request.get("/api/v1/incidents/INC-2020-001/report")).json()) as { banks: { bankCode: string }[] };
    expect(report.banks.map((b) => b.bankCode)).toEqual(codes);
  });
});

test.describe("a bank's staff", () => {
  test.use({ storageState: storageStateOf("manager@bank0101.demo") });

  test("see only their bank's cases of an incident that spans two banks, and may not create or edit incidents", async ({ page, baseURL, playwright }) => {
    const carrier = await playwright.request.newContext({ baseURL, storageState: storageStateOf("manager@carrier.demo"), extraHTTPHeaders: { origin: baseURL! } });
    const made = await carrier.post("/api/v1/incidents", { data: { title: `E2E two banks ${Date.now()}`, startedOn: "2026-12-02" } });
    expect(made.status(), await made.text()).toBe(201);
    const { reference } = (await made.json()) as { reference: string };
    const own = await freeCaseOf(carrier, "0101");
    const other = await freeCaseOf(carrier, "0108");
    for (const c of [own, other]) {
      const res = await carrier.post(`/api/v1/incidents/${reference}/cases`, { data: { caseId: c.reference } });
      expect(res.ok(), await res.text()).toBe(true);
    }
    await carrier.dispose();

    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto(`/incidents/${reference}`);
    await expect(page.getByTestId("incident-reference")).toHaveText(reference);
    await expect(page.getByText(t("incidents.detail.scopeBank"))).toBeVisible();
    await expect(page.getByTestId(`incident-case-${own.reference}`)).toBeVisible();
    await expect(page.getByTestId("incident-cases").getByRole("row")).toHaveCount(2);
    await expect(page.getByTestId("incident-banks").getByRole("row")).toHaveCount(2);
    await expect(page.getByTestId("incident-bank-0101")).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain(other.reference);
    expect(html).not.toContain("Hokusei");
    expect(html).not.toContain("北星");
    await expect(page.getByTestId("figure-banks")).toHaveCount(0);
    await expect(page.getByTestId("incident-edit")).toHaveCount(0);
    await expect(page.getByTestId("incident-attach")).toHaveCount(0);

    await page.goto("/incidents");
    await expect(page.getByTestId(`incident-${reference}`)).toBeVisible();
    await expect(page.getByTestId("incident-create")).toHaveCount(0);
    const refused = await page.request.post("/api/v1/incidents", { data: { title: "Not ours", startedOn: "2026-12-02" }, headers: { origin: baseURL! } });
    expect(refused.status()).toBe(403);
  });
});

test.describe("the command palette", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("finds an incident by its reference and opens it", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/");
    const dialog = await openPalette(page, t("shell.search.title"));
    await dialog.getByRole("combobox").fill("inc-2020-001");
    const hit = dialog.getByRole("group", { name: t("shell.search.groups.incidents") }).getByRole("option");
    await expect(hit).toHaveCount(1);
    await expect(hit).toContainText("INC-2020-001");
    await expect(hit).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/incidents\/INC-2020-001$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fraudulent withdrawals through e-money account linking");
    await expect(page.getByTestId("figure-loss")).toContainText("¥25,420,000");
    await expect(page.getByTestId("figure-banks").locator("dd")).toHaveText("11");
  });
});

test.describe("the incident report", () => {
  test.use({ storageState: storageStateOf("manager@carrier.demo") });

  test("prints on A4 in Japanese with every bank's control changes, and its bundle downloads the same bytes twice", async ({ page }) => {
    await page.goto("/incidents/INC-2020-001/report");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.ja("incidents.report.heading", { reference: "INC-2020-001" }));
    await expect(page.getByTestId("report-total-loss")).toHaveText("¥25,420,000");
    await expect(page.getByTestId("report-banks").locator("tbody tr")).toHaveCount(12);
    const banks = await page.getByTestId("report-measures").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(banks.map((b) => /（(\d{4})）/.exec(b)?.[1])).size).toBe(35);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20_000);

    // The same state gives the same bytes. Other specs change controls and reimbursements while
    // this one runs, so the pair counts only when the report's JSON is the same before and after it.
    const report = async () => (await page.request.get("/api/v1/incidents/INC-2020-001/report")).text();
    let compared = false;
    for (let attempt = 0; attempt < 5 && !compared; attempt++) {
      const before = await report();
      const first = await page.request.get("/api/v1/incidents/INC-2020-001/report?format=zip");
      expect(first.headers()["content-type"]).toBe("application/zip");
      const second = await page.request.get("/api/v1/incidents/INC-2020-001/report?format=zip");
      if ((await report()) !== before) continue;
      expect(Buffer.compare(await first.body(), await second.body())).toBe(0);
      compared = true;
    }
    expect(compared, "the incident's state kept changing during five pairs of downloads").toBe(true);
    const json = (await (await page.request.get("/api/v1/incidents/INC-2020-001/report")).json()) as { totals: { confirmedLossYen: number } };
    expect(json.totals.confirmedLossYen).toBe(25_420_000);
  });
});
