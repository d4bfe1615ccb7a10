import { expect, test } from "@playwright/test";
import { T, storageStateOf } from "./support/staff";

/**
 * The console's one data table (components/data-table), as people use it on the accounts list:
 * sorting by a header drives the URL the API sorts by, a column hidden from the columns menu stays
 * hidden on the next visit, and the rows are walked with the arrow keys and opened with Enter.
 */
const t = T.en;
test.use({ storageState: storageStateOf("investigator@carrier.demo") });

test("a header sorts the list through the URL (the API's sort and order), and says so to screen readers", async ({ page }) => {
  await page.goto("/accounts");
  const table = page.getByTestId("links-table");
  await expect(table.locator("tbody tr").first()).toBeVisible();
  const charges = table.getByRole("columnheader", { name: t("accounts.table.charges7d") });
  await expect(charges).not.toHaveAttribute("aria-sort");
  await charges.getByRole("button").click();
  await expect(page).toHaveURL(/sort=charges_7d/);
  await expect(charges).toHaveAttribute("aria-sort", /ascending|descending/);
  const first = await page.request.get("/api/v1/accounts", { params: { sort: "charges_7d", order: new URL(page.url()).searchParams.get("order") ?? "desc", limit: 1 } });
  const { items } = (await first.json()) as { items: { id: string }[] };
  await expect(table.locator("tbody tr").first().locator(`a[href="/accounts/${items[0]!.id}"]`)).toBeVisible();
});

test("a column hidden from the columns menu stays hidden after a reload, and comes back from the menu", async ({ page }) => {
  await page.goto("/accounts");
  const table = page.getByTestId("links-table");
  const wallet = table.getByRole("columnheader", { name: t("accounts.table.wallet") });
  await expect(wallet).toBeVisible();
  await page.getByRole("button", { name: t("common.columns") }).click();
  await page.getByRole("menuitemcheckbox", { name: t("accounts.table.wallet") }).click();
  await page.keyboard.press("Escape");
  await expect(wallet).toHaveCount(0);
  await page.reload();
  await expect(table.locator("tbody tr").first()).toBeVisible();
  await expect(table.getByRole("columnheader", { name: t("accounts.table.wallet") })).toHaveCount(0);
  await page.getByRole("button", { name: t("common.columns") }).click();
  // The menu says the column is hidden (the stored choice, not the server's default) before it is switched back on.
  const item = page.getByRole("menuitemcheckbox", { name: t("accounts.table.wallet") });
  await expect(item).toHaveAttribute("aria-checked", "false");
  await item.click();
  // The open menu is modal (the rest of the page is aria-hidden while it shows): close it first.
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: t("accounts.table.wallet") })).toBeVisible();
});

test("the arrow keys move between rows and Enter opens the row's link; rows are 36 to 40 px high", async ({ page }) => {
  await page.goto("/accounts");
  const rows = page.getByTestId("links-table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    const h = (await row.boundingBox())!.height;
    expect(h).toBeGreaterThanOrEqual(36);
    expect(h).toBeLessThanOrEqual(40);
  }
  await rows.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(1)).toBeFocused();
  const href = await rows.nth(1).locator("a").first().getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});
