import { expect, test } from "@playwright/test";
import { T, claimDemoCode, englishCookie, storageStateOf } from "./support/staff";

/**
 * The reimbursements page (#15 §1–§2): a carrier manager sees the queue waiting for them with its
 * total, approves a seeded proposal with a fresh one-time code and finds it in "approved, to pay";
 * the maker (an investigator) has no approve button on their own proposal and is told why; a
 * bank's manager sees only their bank's reimbursements.
 */
const t = T.en;
type Page = { items: { id: string; caseReference: string; amountYen: number; bank: { code: string }; viewer: { canApprove: boolean; canEdit: boolean } }[]; totals: Record<"waiting_for_me" | "approved" | "sent" | "paid" | "rejected", { count: number; yen: number }> };
const yen = (n: number) => `¥${n.toLocaleString("en-US")}`;

test.describe("a carrier manager", () => {
  test.use({ storageState: storageStateOf("manager@carrier.demo") });

  test("sees the waiting queue with its total in yen, approves a proposal with a fresh one-time code, and it moves to 'approved, to pay'", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/reimbursements");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("reimbursements.title"));
    const waiting = page.getByTestId("queue-waiting_for_me");
    await expect(waiting).toHaveAttribute("aria-current", "page");

    const api = (await (await page.request.get("/api/v1/reimbursements?queue=waiting_for_me")).json()) as Page;
    expect(api.totals.waiting_for_me.count).toBeGreaterThan(0);
    await expect(waiting).toContainText(yen(api.totals.waiting_for_me.yen));
    const target = api.items.find((i) => i.viewer.canApprove)!;
    expect(target).toBeTruthy();

    const table = page.getByTestId("reimbursements-table");
    await expect(table.getByRole("link", { name: t("reimbursements.table.openCase", { reference: target.caseReference }) })).toHaveAttribute("href", `/cases/${target.caseReference}`);
    await table.getByRole("button", { name: t("reimbursements.actions.approveLabel", { reference: target.caseReference }) }).click();

    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("decide-summary")).toContainText(yen(target.amountYen));
    await expect(dialog.getByTestId("decide-arithmetic")).toContainText(t("reimbursements.decide.available"));
    // No code: said next to the field, nothing sent.
    await dialog.getByRole("button", { name: t("reimbursements.decide.confirmApprove") }).click();
    await expect(dialog.getByLabel(t("reimbursements.decide.code"))).toHaveAttribute("aria-invalid", "true");

    await dialog.getByLabel(t("reimbursements.decide.code")).fill(await claimDemoCode("manager@carrier.demo"));
    await dialog.getByRole("button", { name: t("reimbursements.decide.confirmApprove") }).click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
    await expect(page.getByText(t("reimbursements.decide.approved", { reference: target.caseReference }))).toBeVisible();

    await page.getByTestId("queue-approved").click();
    await expect(page).toHaveURL(/queue=approved/);
    await expect(page.getByTestId("reimbursements-table").getByRole("link", { name: t("reimbursements.table.openCase", { reference: target.caseReference }) })).toBeVisible();
    const after = (await (await page.request.get(`/api/v1/reimbursements/${target.id}`)).json()) as { status: string };
    expect(after.status).toBe("approved");
  });
});

test.describe("the maker, an investigator", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("has no approve button on their own pending proposal and reads why", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/reimbursements?queue=all&status=pending");
    const api = (await (await page.request.get("/api/v1/reimbursements?status=pending")).json()) as Page;
    const own = api.items.find((i) => i.viewer.canEdit)!;
    expect(own).toBeTruthy();
    const table = page.getByTestId("reimbursements-table");
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: t("reimbursements.table.openCase", { reference: own.caseReference }) }) });
    await expect(row.getByTestId("approve-blocked")).toHaveText(t("reimbursements.blocked.own_request"));
    await expect(table.getByRole("button", { name: t("reimbursements.actions.approve") })).toHaveCount(0);
  });
});

test.describe("a bank's manager", () => {
  test.use({ storageState: storageStateOf("manager@bank0101.demo") });

  test("sees only their bank's reimbursements, in every queue", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/reimbursements?queue=all");
    await expect(page.getByText(t("reimbursements.scopeBank"))).toBeVisible();
    const api = (await (await page.request.get("/api/v1/reimbursements?limit=200")).json()) as Page;
    expect(api.items.length).toBeGreaterThan(0);
    expect(new Set(api.items.map((i) => i.bank.code))).toEqual(new Set(["0101"]));
    const rows = page.getByTestId("reimbursements-table").locator("tbody tr");
    await expect(rows).toHaveCount(api.items.length);
    // One bank's rows: its column starts hidden (the decision buttons fit at 1024 px) and comes back from the columns menu.
    const table = page.getByTestId("reimbursements-table");
    await expect(table.getByRole("columnheader", { name: t("reimbursements.table.bank") })).toHaveCount(0);
    await page.getByRole("button", { name: t("common.columns") }).click();
    await page.getByRole("menuitemcheckbox", { name: t("reimbursements.table.bank") }).click();
    await page.keyboard.press("Escape");
    await expect(table.getByRole("columnheader", { name: t("reimbursements.table.bank") })).toBeVisible();
    for (const text of await rows.allInnerTexts()) expect(text).toContain("0101");
    await expect(page.getByLabel(t("reimbursements.filters.bank"))).toHaveCount(0);
  });
});
