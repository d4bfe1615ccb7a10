import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { toHalfWidthKana } from "@/db/seed/names";
import { normaliseKana } from "@/lib/kana";
import { T, storageStateOf, type PreparedUser } from "./support/staff";

/**
 * The Accounts page as people use it: filters and the one search box (half- and full-width
 * katakana finding each other), keyset "next page" and back, a bank's staff seeing their bank
 * only, refused input answered field by field, the CSV export with its progress, and the link
 * page showing the ring across banks to a carrier investigator. Read-only, except the freeze
 * round trip on one link of bank 0101 at the end.
 */

const t = T.en;
const SEVERE = new Set(["serious", "critical"]);

interface Row {
  id: string;
  bankCode: string;
  holderName: string;
  walletId: string;
  email: string;
  status: string;
  accountNumberMasked: string;
}
interface Page1 {
  items: Row[];
  nextCursor: string | null;
  prevCursor: string | null;
  estimatedTotal: number | null;
}

async function as(browser: Browser, email: PreparedUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(email) });
  return context.newPage();
}

async function api(page: Page, params: Record<string, string | number>): Promise<Page1> {
  const res = await page.request.get("/api/v1/accounts", { params });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Page1;
}

function rows(page: Page) {
  return page.getByTestId("links-table").locator("tbody tr");
}

async function expectNoSevereViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.filter((v) => SEVERE.has(v.impact ?? "")).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test("a bank operator sees only their bank's links, and the list has no serious accessibility violations", async ({ browser }) => {
  const page = await as(browser, "operator@bank0101.demo");
  await page.goto("/accounts");
  await expect(page.getByRole("heading", { name: t("accounts.title") })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  const banks = await rows(page).locator("td:first-child span.font-mono").allTextContents();
  expect(new Set(banks)).toEqual(new Set(["0101"]));
  await expectNoSevereViolations(page);
});

test("filters and search live in the URL; half-width and full-width katakana find each other", async ({ browser }) => {
  const page = await as(browser, "investigator@carrier.demo");
  await page.goto("/accounts");
  // A family name the data holds, as the first listed link has it.
  const first = (await api(page, { limit: 1 })).items[0]!;
  const family = first.holderName.split(/[\s\u3000]/)[0]!;
  const full = normaliseKana(family);
  const half = toHalfWidthKana(full);
  const expected = await api(page, { q: full, limit: 200 });
  expect(expected.items.length).toBeGreaterThan(0);

  for (const typed of [half, full]) {
    await page.getByLabel(t("accounts.filters.search"), { exact: true }).fill(typed);
    await page.getByRole("button", { name: t("accounts.filters.apply") }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(typed);
    await expect(rows(page).first()).toBeVisible();
    const names = await rows(page).locator("td:nth-child(4)").allTextContents();
    expect(names.length).toBe(Math.min(50, expected.items.length));
    for (const n of names) expect(normaliseKana(n).startsWith(full), n).toBe(true);
  }
  // The API answers the half-width search with exactly the full-width search's links.
  const byHalf = await api(page, { q: half, limit: 200 });
  expect(byHalf.items.map((r) => r.id)).toEqual(expected.items.map((r) => r.id));

  // A status filter narrows, and survives a reload.
  await page.getByLabel(t("accounts.filters.status"), { exact: true }).selectOption("active");
  await page.getByRole("button", { name: t("accounts.filters.apply") }).click();
  await expect(page).toHaveURL(/status=active/);
  await page.reload();
  await expect(page.getByLabel(t("accounts.filters.status"), { exact: true })).toHaveValue("active");
  const statuses = await rows(page).locator("td:nth-child(7)").allTextContents();
  for (const s of statuses) expect(s).toBe(t("accounts.status.active"));
});

test("next page follows the keyset cursor and previous comes back to the same rows", async ({ browser }) => {
  const page = await as(browser, "investigator@carrier.demo");
  await page.goto("/accounts");
  await expect(rows(page)).toHaveCount(50);
  const firstIds = await rows(page).locator("td:nth-child(4) a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const firstLink = () => rows(page).first().locator("td:nth-child(4) a");
  await page.getByRole("link", { name: t("accounts.pager.next") }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(firstLink()).not.toHaveAttribute("href", firstIds[0]!);
  const secondIds = await rows(page).locator("td:nth-child(4) a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
  // The API's own next page is the same set of rows, in the same order.
  const p1 = await api(page, { limit: 50 });
  const p2 = await api(page, { limit: 50, cursor: p1.nextCursor! });
  expect(secondIds).toEqual(p2.items.map((r) => `/accounts/${r.id}`));
  await page.getByRole("link", { name: t("accounts.pager.previous") }).click();
  await expect(firstLink()).toHaveAttribute("href", firstIds[0]!);
  await expect(rows(page)).toHaveCount(50);
  const back = await rows(page).locator("td:nth-child(4) a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(back).toEqual(firstIds);
});

test("refused input is a 422 naming the field, shown next to it", async ({ browser }) => {
  const page = await as(browser, "investigator@carrier.demo");
  for (const [params, field] of [
    [{ cursor: "not-a-cursor" }, "cursor"],
    [{ limit: "10000" }, "limit"],
    [{ bank: "9999" }, "bank"],
    [{ linkedFrom: "2020-02-30" }, "linkedFrom"],
  ] as const) {
    const res = await page.request.get("/api/v1/accounts", { params });
    expect(res.status(), JSON.stringify(params)).toBe(422);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect(Object.keys(((await res.json()) as { errors: Record<string, string> }).errors)).toContain(field);
  }
  await page.goto("/accounts?linkedFrom=2020-02-30");
  await expect(page.getByText(t("errors.field.calendar_date"))).toBeVisible();
});

test("the CSV export streams every matching row with progress, then offers the file", async ({ browser }) => {
  const page = await as(browser, "operator@bank0101.demo");
  await page.goto("/accounts?status=active");
  await page.getByRole("button", { name: t("accounts.export.button") }).click();
  const save = page.getByRole("link", { name: /Save accounts-\d{8}\.csv/ });
  await expect(save).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("accounts-export")).toContainText(/Export ready: [\d,]+ rows/);
  const download = page.waitForEvent("download");
  await save.click();
  const file = await download;
  const text = fs.readFileSync(await file.path(), "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split("\r\n").filter(Boolean);
  // In the reader's language (the session's is English): headers and coded values in words.
  expect(lines[0]).toContain(t("accounts.export.columns.account_number"));
  for (const line of lines.slice(1)) {
    expect(line).toMatch(/\*{4}\d{4}/);
    expect(line).toContain(t("accounts.status.active"));
    expect(line.split(",")[1]).toBe("0101");
  }
  const counted = Number(((await page.getByTestId("accounts-export").textContent()) ?? "").match(/([\d,]+) rows/)![1]!.replace(/,/g, ""));
  expect(lines.length - 1).toBe(counted);
});

test("a carrier investigator sees a wallet's links at other banks on the link page", async ({ browser }) => {
  const page = await as(browser, "investigator@carrier.demo");
  await page.goto("/accounts");
  // A wallet linked at two banks (the population has some; so has every fraud ring).
  const seen = new Map<string, Row>();
  let pair: [Row, Row] | null = null;
  let cursor: string | null = null;
  for (let i = 0; i < 50 && !pair; i++) {
    const p = await api(page, cursor ? { limit: 200, cursor } : { limit: 200 });
    for (const r of p.items) {
      const other = seen.get(r.walletId);
      if (other && other.bankCode !== r.bankCode) pair = [other, r];
      seen.set(r.walletId, r);
    }
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  expect(pair, "the data has a wallet linked at two banks").not.toBeNull();
  const [a, b] = pair!;
  await page.goto(`/accounts/${a.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(a.accountNumberMasked);
  const related = page.getByTestId("related-links");
  await expect(related).toBeVisible();
  const row = related.locator("tbody tr", { has: page.locator(`a[href="/accounts/${b.id}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(b.bankCode);
  await expect(row).toContainText(t("accounts.related.sameWallet"));
  await expect(page.getByRole("heading", { name: t("accounts.transactions.title") })).toBeVisible();
  await expectNoSevereViolations(page);

  // A bank's staff get "not found" for the other bank's link, and the API says 404.
  const bankPage = await as(browser, "operator@bank0101.demo");
  const foreign = [a, b].find((r) => r.bankCode !== "0101")!;
  const res = await bankPage.request.get(`/api/v1/links/${foreign.id}`);
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain(foreign.email);
  const view = await bankPage.goto(`/accounts/${foreign.id}`);
  expect(view?.status()).toBe(404);
  await expect(bankPage.getByText(foreign.walletId)).toHaveCount(0);
});

test("a bank operator freezes a link after a confirmation naming it, and unfreezes it", async ({ browser }) => {
  const page = await as(browser, "operator@bank0101.demo");
  const link = (await api(page, { status: "active", limit: 1 })).items[0]!;
  await page.goto(`/accounts/${link.id}`);
  await page.getByRole("button", { name: t("accounts.actions.freeze") }).click();
  const dialog = page.getByRole("dialog", { name: t("accounts.actions.freezeTitle") });
  await expect(dialog).toContainText(link.accountNumberMasked);
  await expect(dialog).toContainText(link.walletId);
  // No reason: refused next to the field.
  await dialog.getByRole("button", { name: t("accounts.actions.confirmFreeze") }).click();
  await expect(dialog.getByText(t("errors.field.required"))).toBeVisible();
  await dialog.getByLabel(t("accounts.actions.reason")).fill("Charges at night from a new wallet (e2e)");
  await dialog.getByRole("button", { name: t("accounts.actions.confirmFreeze") }).click();
  await expect(page.getByText(t("accounts.actions.frozen"))).toBeVisible();
  await expect(page.getByRole("button", { name: t("accounts.actions.unfreeze") })).toBeVisible();

  await page.getByRole("button", { name: t("accounts.actions.unfreeze") }).click();
  const back = page.getByRole("dialog", { name: t("accounts.actions.unfreezeTitle") });
  await back.getByLabel(t("accounts.actions.reason")).fill("Customer confirmed the charges (e2e)");
  await back.getByRole("button", { name: t("accounts.actions.confirmUnfreeze") }).click();
  await expect(page.getByText(t("accounts.actions.unfrozen"))).toBeVisible();
  await expect(page.getByRole("button", { name: t("accounts.actions.freeze") })).toBeVisible();
});

test("a freeze whose answer is lost on the way is sent again with the same Idempotency-Key and answered from the first, not done twice", async ({ browser }) => {
  const page = await as(browser, "operator@bank0101.demo");
  // Not the first active link: the freeze test above works on that one at the same time.
  const link = (await api(page, { status: "active", limit: 5 })).items[3]!;
  await page.goto(`/accounts/${link.id}`);
  const sent: { key: string | null; replayed: string | null; status: number | null }[] = [];
  let cut = true;
  await page.route(`**/api/v1/links/${link.id}/freeze`, async (route) => {
    const key = route.request().headers()["idempotency-key"] ?? null;
    // The server acts and answers; the first answer never reaches the browser (a dropped connection).
    const res = await route.fetch();
    sent.push({ key, replayed: res.headers()["idempotent-replayed"] ?? null, status: res.status() });
    if (cut) {
      cut = false;
      await route.abort("connectionreset");
    } else {
      await route.fulfill({ response: res });
    }
  });

  await page.getByRole("button", { name: t("accounts.actions.freeze") }).click();
  const dialog = page.getByRole("dialog", { name: t("accounts.actions.freezeTitle") });
  await dialog.getByLabel(t("accounts.actions.reason")).fill("Lost answer, sent again (e2e)");
  await dialog.getByRole("button", { name: t("accounts.actions.confirmFreeze") }).click();
  // The person sees the failure and presses again.
  await expect(dialog.getByText(t("errors.problem.network"))).toBeVisible();
  await dialog.getByRole("button", { name: t("accounts.actions.confirmFreeze") }).click();
  await expect(page.getByText(t("accounts.actions.frozen"))).toBeVisible();

  expect(sent).toHaveLength(2);
  expect(sent[0]!.key).toMatch(/^[0-9a-f]{32}$/);
  expect(sent[1]!.key).toBe(sent[0]!.key);
  expect(sent.map((s) => [s.status, s.replayed])).toEqual([
    [200, null],
    [200, "true"],
  ]);
  const after = (await page.request.get(`/api/v1/accounts`, { params: { q: link.walletId } }).then((r) => r.json())) as Page1;
  expect(after.items.find((l) => l.id === link.id)?.status).toBe("frozen");

  // Put it back for the other specs; unfreezing is a new intent with a new key.
  await page.unroute(`**/api/v1/links/${link.id}/freeze`);
  const keys: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(`/api/v1/links/${link.id}/unfreeze`)) keys.push(r.headers()["idempotency-key"] ?? "");
  });
  await page.getByRole("button", { name: t("accounts.actions.unfreeze") }).click();
  const back = page.getByRole("dialog", { name: t("accounts.actions.unfreezeTitle") });
  await back.getByLabel(t("accounts.actions.reason")).fill("Put back after the replay check (e2e)");
  await back.getByRole("button", { name: t("accounts.actions.confirmUnfreeze") }).click();
  await expect(page.getByText(t("accounts.actions.unfrozen"))).toBeVisible();
  expect(keys).toHaveLength(1);
  expect(keys[0]).not.toBe(sent[0]!.key);
});
