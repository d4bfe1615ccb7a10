import { expect, test, type Page } from "@playwright/test";
import { DEMO_STAFF } from "@/db/seed/staff";
import { T, englishCookie, signIn, signOut, storageStateOf } from "./support/staff";

/**
 * The investigators' queue (#14 §1): take next lands on a case assigned to the person; the filters
 * live in the URL (a reload keeps them); "all N matching" across pages assigned in bulk with each
 * case's answer; a saved view survives signing out and in again (it is in the database); a bank
 * operator sees their bank's cases only, without a bank filter or the investigators' actions.
 */
const t = T.en;

async function english(page: Page, baseURL: string | undefined) {
  await page.context().addCookies([englishCookie(baseURL!)]);
}

test.describe("a carrier investigator", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });
  // One person's queue, changed by each test in turn: take next adds a case to "mine", the bulk hands "mine" over.
  test.describe.configure({ mode: "serial" });

  test("takes the next case with the N key and lands on its file, assigned to them", async ({ page, baseURL }) => {
    await english(page, baseURL);
    await page.goto("/cases");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("cases.queue.title"));
    await expect(page.getByTestId("cases-table").getByRole("row")).not.toHaveCount(1);
    const me = (await (await page.request.get("/api/v1/me")).json()) as { userId: string };

    // The button and its N key load after the page (next/dynamic): press once they are there.
    await expect(page.getByTestId("take-next")).toBeEnabled();
    await page.keyboard.press("n");
    await page.waitForURL(/\/cases\/C-\d{4}-\d{4}$/);
    const reference = new URL(page.url()).pathname.split("/").pop()!;
    const taken = (await (await page.request.get(`/api/v1/cases/${reference}`)).json()) as { case: { assignee: { id: string } | null; reference: string } };
    expect(taken.case.reference).toBe(reference);
    expect(taken.case.assignee?.id).toBe(me.userId);

    // Back in the queue, "my cases" lists it.
    await page.goto("/cases?assignee=me&snoozed=include&q=" + reference);
    await expect(page.getByTestId(`case-${reference}`)).toBeVisible();
  });

  test("filters live in the URL: a reload keeps them and the rows match", async ({ page, baseURL }) => {
    await english(page, baseURL);
    await page.goto("/cases");
    const filters = page.getByTestId("queue-filters");
    await filters.getByLabel(t("cases.queue.filters.status"), { exact: true }).selectOption("investigating");
    await filters.getByLabel(t("cases.queue.filters.assignee"), { exact: true }).selectOption("me");
    await filters.getByRole("button", { name: t("cases.queue.filters.apply") }).click();
    // The form's empty fields are dropped: the page lands on the clean URL.
    await page.waitForURL((url) => url.pathname === "/cases" && url.search === "?status=investigating&assignee=me");

    await page.reload();
    await expect(filters.getByLabel(t("cases.queue.filters.status"), { exact: true })).toHaveValue("investigating");
    await expect(filters.getByLabel(t("cases.queue.filters.assignee"), { exact: true })).toHaveValue("me");
    const rows = page.getByTestId("cases-table").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    const statuses = await rows.locator("td:nth-child(5)").allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toBe(t("cases.status.investigating"));
    // The view "My cases" is not the current one (a status is set too); the sort by loss keeps the filters.
    await page.getByRole("columnheader", { name: t("cases.queue.columns.loss") }).getByRole("button").click();
    await page.waitForURL(/sort=loss/);
    expect(new URL(page.url()).searchParams.get("status")).toBe("investigating");
  });

  test("selects all matching cases across pages and hands them to a colleague in bulk, with each case's answer", async ({ page, baseURL }) => {
    await english(page, baseURL);
    // Five a page, so "mine" spans several pages.
    await page.goto("/cases?assignee=me&limit=5");
    const matchingText = (await page.getByTestId("queue-matching").textContent()) ?? "";
    const matching = Number(/([\d,]+) cases? match/.exec(matchingText)?.[1]?.replace(/,/g, ""));
    expect(matching, matchingText).toBeGreaterThan(5);
    await expect(page.getByRole("link", { name: t("cases.queue.pager.next") })).toBeVisible();

    await page.getByRole("checkbox", { name: t("cases.queue.selectPage") }).check();
    const bar = page.getByTestId("bulk-bar");
    await expect(bar.getByTestId("selection-count")).toHaveText(t("cases.queue.selection.count", { count: 5 }));
    await bar.getByRole("button", { name: t("cases.queue.selection.selectAll", { count: matching }) }).click();
    await expect(bar.getByTestId("selection-count")).toHaveText(t("cases.queue.selection.allMatching", { count: matching }));

    await bar.getByRole("button", { name: t("cases.queue.bulk.assign") }).click();
    const target = t("cases.queue.bulk.target", { count: matching });
    const dialog = page.getByRole("dialog", { name: t("cases.queue.bulk.titles.assign", { target }) });
    const colleague = DEMO_STAFF.find((s) => s.email === "investigator2@carrier.demo")!;
    await dialog.getByLabel(t("cases.queue.bulk.assignee")).selectOption({ label: colleague.displayName });
    await dialog.getByLabel(t("cases.queue.bulk.reason")).fill("Handing my cases over for the week");
    await dialog.getByRole("button", { name: t("cases.queue.bulk.submit", { target }) }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });

    const result = page.getByTestId("bulk-result");
    await expect(result.getByTestId("bulk-summary")).toHaveText(t("cases.queue.result.summary", { done: matching, refused: 0 }));
    await expect(result.getByTestId("bulk-item")).toHaveCount(matching);
    await expect(result.getByTestId("bulk-item").filter({ hasText: t("cases.queue.result.done") })).toHaveCount(matching);
    // The queue refetched: nothing is theirs any more.
    await expect(page.getByTestId("cases-table")).toContainText(t("cases.queue.empty"));
  });
});

test.describe("a saved view", () => {
  test("survives signing out and in again (it is kept in the database)", async ({ page, baseURL }) => {
    test.setTimeout(150_000);
    const email = "manager2@carrier.demo";
    await english(page, baseURL);
    await page.goto("/sign-in");
    await signIn(page, email);
    await page.goto("/cases?severity=critical&sla=overdue");
    const name = `Critical overdue ${Date.now() % 100_000}`;
    await page.getByRole("button", { name: t("cases.queue.views.save") }).click();
    const dialog = page.getByRole("dialog", { name: t("cases.queue.views.saveTitle") });
    await dialog.getByLabel(t("cases.queue.views.name")).fill(name);
    await dialog.getByRole("button", { name: t("cases.queue.views.save") }).click();
    await expect(dialog).toBeHidden();
    const views = page.getByTestId("queue-views");
    await expect(views.getByRole("link", { name })).toHaveAttribute("aria-current", "page");

    await signOut(page);
    await english(page, baseURL);
    await signIn(page, email);
    await page.goto("/cases");
    const link = page.getByTestId("queue-views").getByRole("link", { name });
    await expect(link).toBeVisible();
    await link.click();
    await page.waitForURL(/severity=critical/);
    expect(new URL(page.url()).searchParams.get("sla")).toBe("overdue");
    await expect(page.getByTestId("queue-filters").getByLabel(t("cases.queue.filters.severity"), { exact: true })).toHaveValue("critical");

    // Deleting it asks first.
    await page.getByRole("button", { name: t("cases.queue.views.delete", { name }) }).click();
    const confirm = page.getByRole("alertdialog", { name: t("cases.queue.views.deleteTitle", { name }) });
    await confirm.getByRole("button", { name: t("cases.queue.views.deleteConfirm") }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("queue-views").getByRole("link", { name })).toHaveCount(0);
  });
});

test.describe("a bank operator", () => {
  test.use({ storageState: storageStateOf("operator@bank0101.demo") });

  test("sees only their bank's cases, with no bank filter and no investigators' actions", async ({ page, baseURL }) => {
    await english(page, baseURL);
    await page.goto("/cases?status=all&limit=100");
    await expect(page.getByText(t("cases.queue.scopeBank"))).toBeVisible();
    const rows = page.getByTestId("cases-table").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId("queue-filters").getByLabel(t("cases.queue.filters.bank"), { exact: true })).toHaveCount(0);
    await expect(page.getByTestId("take-next")).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("columnheader", { name: t("cases.queue.columns.bank") })).toHaveCount(0);

    // What the page lists is what the API answers this person: their bank's alone.
    const shown = await rows.locator("th").allTextContents();
    const api = (await (await page.request.get("/api/v1/cases?status=all&limit=100")).json()) as { items: { reference: string; bankCode: string }[] };
    expect(api.items.length).toBeGreaterThan(0);
    for (const c of api.items) expect(c.bankCode).toBe("0101");
    expect(shown).toEqual(api.items.map((c) => c.reference));
    // Another bank asked for by URL is refused next to the (absent) filter, not shown.
    const other = await page.request.get("/api/v1/cases?bank=0108");
    expect(other.status()).toBe(422);
  });
});
