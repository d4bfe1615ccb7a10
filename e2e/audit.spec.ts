import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { T, englishCookie, storageStateOf } from "./support/staff";

/**
 * The audit log as the carrier's auditor reads it: the newest entries first, and the incident of
 * September 2020 found by filtering to its dates: the story's control changes, with who made them
 * and when (Japan time), over two pages.
 */
const t = T.en;
test.use({ storageState: storageStateOf("auditor@carrier.demo") });

test.beforeEach(async ({ page, baseURL }) => {
  await page.context().addCookies([englishCookie(baseURL!)]);
});

test("an auditor finds the September 2020 control changes in the audit log by filtering to their dates, in words", async ({ page }) => {
  await page.goto("/audit");
  const table = page.getByRole("table", { name: t("audit.table.caption") });
  await expect(table).toBeVisible();
  // Newest first: nothing from 2020 on the first page of an unfiltered log.
  await expect(table.getByRole("row").nth(1)).not.toContainText("2020/09/");

  const filters = page.getByRole("form", { name: t("audit.filters.legend") });
  // The action is chosen from the list of known actions, grouped by area; the hint names no code.
  await expect(filters).toContainText(t("audit.filters.actionHint"));
  await expect(filters).not.toContainText("auth.sign_in");
  const action = filters.getByRole("combobox", { name: t("audit.filters.action") });
  await expect(action.locator("optgroup", { hasText: t("audit.action.auth.signed_in") })).toHaveAttribute("label", t("audit.actionGroup.auth"));
  await expect(action.getByRole("option", { name: t("audit.action.auth.signed_in"), exact: true })).toHaveCount(1);
  await expect(action.getByRole("option", { name: "auth.signed_in" })).toHaveCount(0);
  await action.selectOption({ label: t("audit.filters.allOfGroup", { group: t("audit.actionGroup.control") }) });
  await filters.getByLabel(t("audit.filters.from"), { exact: true }).fill("2020-09-04");
  await filters.getByLabel(t("audit.filters.to"), { exact: true }).fill("2020-09-14");
  await filters.getByRole("button", { name: t("audit.filters.apply") }).click();
  await expect(page).toHaveURL(/action=control\.&from=2020-09-04/);

  // The last change of the story first: Monday 14 September 2020, 16:00 Japan time, in words.
  const tightened = t("audit.action.control.tightened");
  const first = table.getByRole("row").nth(1);
  await expect(first).toContainText("2020/09/14 16:00");
  await expect(first).toContainText(tightened);
  await expect(first).not.toContainText("control.tightened");
  await expect(first).toContainText(/@(carrier|bank\d{4})\.demo/);
  // The subject names the control and the bank by name and code, linked to that bank's controls.
  const bankLink = first.getByRole("link", { name: /\(\d{4}\)/ });
  await expect(bankLink).toHaveAttribute("href", /^\/controls\/\d{4}$/);
  await expect(table.getByRole("row").filter({ hasText: tightened })).toHaveCount(50);

  // Opened, the entry shows what changed, labelled and translated, not JSON.
  await first.getByRole("button", { name: /^Show entry #\d+$/ }).click();
  const diff = page.getByTestId("audit-diff");
  await expect(diff.getByRole("rowheader", { name: t("audit.field.state") })).toBeVisible();
  const stateRow = diff.getByRole("row").filter({ has: page.getByRole("rowheader", { name: t("audit.field.state") }) });
  await expect(stateRow).toContainText(t("audit.value.state.suspended"));
  await expect(diff).not.toContainText(/"state"|strong_only/);
  await expect(diff.getByRole("rowheader", { name: t("audit.field.reason") })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // The older page holds the rest, back to Friday 4 September; the story has 85 changes in all.
  await page.getByRole("link", { name: t("audit.pager.next") }).click();
  await expect(table.getByRole("row").filter({ hasText: tightened })).toHaveCount(35);
  await expect(table.getByRole("row").last()).toContainText("2020/09/04");
  await expect(page.getByText(t("audit.pager.lastPage"))).toBeVisible();
  // Following the bank link opens that bank's controls.
  const href = await table.getByRole("row").nth(1).getByRole("link", { name: /\(\d{4}\)/ }).getAttribute("href");
  await table.getByRole("row").nth(1).getByRole("link", { name: /\(\d{4}\)/ }).click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test("at 1024 px the audit page does not scroll sideways, and axe finds nothing serious with an entry open", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto("/audit?action=control.&to=2020-09-14");
  const table = page.getByRole("table", { name: t("audit.table.caption") });
  await expect(table.getByRole("row").nth(1)).toContainText(t("audit.action.control.tightened"));
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  // The key columns are in view: the time (pinned), the action and the subject's bank link.
  for (const cell of [0, 1].map((i) => table.getByRole("row").nth(1).getByRole("cell").nth(i)).concat(table.getByRole("row").nth(1).getByRole("link").first())) {
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
  }
  await table.getByRole("row").nth(1).getByRole("button", { name: /^Show entry #\d+$/ }).click();
  await expect(page.getByRole("dialog")).toContainText(t("audit.table.changes"));
  const severe = (await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(severe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
});

test.describe("a bank's administrator, in Japanese", () => {
  test.use({ storageState: storageStateOf("admin@bank0101.demo") });
  test.beforeEach(async ({ page, baseURL }) => {
    await page.context().addCookies([{ ...englishCookie(baseURL!), value: "ja" }]);
  });

  test("reads their bank's control changes in Japanese words, named and linked to their own bank only", async ({ page }) => {
    const ja = T.ja;
    await page.goto("/audit?action=control.tightened");
    const table = page.getByRole("table", { name: ja("audit.table.caption") });
    const rows = table.getByRole("row").filter({ hasText: ja("audit.action.control.tightened") });
    await expect(rows.first()).toBeVisible();
    const links = table.getByRole("link", { name: /（0101）/ });
    await expect(links.first()).toHaveAttribute("href", "/controls/0101");
    expect(await table.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")).filter((h) => h !== "/controls/0101"))).toEqual([]);
  });
});
