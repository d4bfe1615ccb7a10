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

test("an auditor finds the September 2020 control changes in the audit log by filtering to their dates", async ({ page }) => {
  await page.goto("/audit");
  const table = page.getByRole("table", { name: t("audit.table.caption") });
  await expect(table).toBeVisible();
  // Newest first: nothing from 2020 on the first page of an unfiltered log.
  await expect(table.getByRole("row").nth(1)).not.toContainText("2020/09/");

  const filters = page.getByRole("form", { name: t("audit.filters.legend") });
  await filters.getByLabel(t("audit.filters.action"), { exact: true }).fill("control.");
  await filters.getByLabel(t("audit.filters.from"), { exact: true }).fill("2020-09-04");
  await filters.getByLabel(t("audit.filters.to"), { exact: true }).fill("2020-09-14");
  await filters.getByRole("button", { name: t("audit.filters.apply") }).click();
  await expect(page).toHaveURL(/from=2020-09-04/);

  // The last change of the story first: Monday 14 September 2020, 16:00 Japan time.
  const first = table.getByRole("row").nth(1);
  await expect(first).toContainText("2020/09/14 16:00");
  await expect(first).toContainText("control.tightened");
  await expect(first).toContainText(/@(carrier|bank\d{4})\.demo/);
  const rows = table.getByRole("row").filter({ hasText: "control.tightened" });
  await expect(rows).toHaveCount(50);
  await first.getByRole("button", { name: /^Show entry #\d+$/ }).click();
  await expect(page.getByRole("region", { name: /After/ }).first()).toContainText('"state": "suspended"');

  // The older page holds the rest, back to Friday 4 September; the story has 85 changes in all.
  await page.getByRole("link", { name: t("audit.pager.next") }).click();
  await expect(table.getByRole("row").filter({ hasText: "control.tightened" })).toHaveCount(35);
  await expect(table.getByRole("row").last()).toContainText("2020/09/04");
  await expect(page.getByText(t("audit.pager.lastPage"))).toBeVisible();
});
