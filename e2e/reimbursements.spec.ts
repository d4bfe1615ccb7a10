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
    // The 1024 px screen: every row on one line, its menu in view.
    await page.setViewportSize({ width: 1024, height: 768 });
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
    const rows = table.locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) expect((await row.boundingBox())!.height).toBeLessThanOrEqual(40);
    // The decision is in the row's menu, by keyboard too: Enter opens it, the arrows choose, Enter picks.
    const menu = table.getByRole("button", { name: t("reimbursements.table.menu", { reference: target.caseReference }) });
    // The whole row fits, its menu in view (no sideways scrolling).
    expect(await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth)).toBe(0);
    const box = (await menu.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
    await menu.focus();
    await page.keyboard.press("Enter");
    const approve = page.getByRole("menuitem", { name: t("reimbursements.actions.approve") });
    await expect(approve).toBeVisible();
    await expect(page.getByRole("menuitem", { name: t("reimbursements.actions.reject") })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect(approve).toBeFocused();
    await page.keyboard.press("Enter");

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
    // Its menu has the details, no decision.
    await row.getByRole("button", { name: t("reimbursements.table.menu", { reference: own.caseReference }) }).click();
    await expect(page.getByRole("menuitem", { name: t("reimbursements.sheet.details") })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: t("reimbursements.actions.approve") })).toHaveCount(0);
    await expect(page.getByRole("menuitem", { name: t("reimbursements.actions.reject") })).toHaveCount(0);
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
    // One bank's rows: its column starts hidden and comes back from the columns menu.
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

/**
 * The whole way (#15 §6): an investigator proposes from the case file (another account, so the
 * batch needs no account number the console does not keep), cannot approve it (no button, and the
 * API refuses), a carrier manager approves with a fresh one-time code, puts it in a payout batch,
 * downloads the zengin file and marks the transfer paid; the case file then shows it fully
 * reimbursed. The case is one no other spec touches: a seeded confirmed-fraud case with nothing
 * reimbursed, pending or compensated, taken from the end of the list (the seed reimburses in
 * reference order from the start).
 */
test("an investigator proposes from the case file, a manager approves with a fresh code, pays it in a batch and marks it paid: the case shows nothing outstanding", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const inv = await browser.newContext({ storageState: storageStateOf("investigator@carrier.demo") });
  const mgr = await browser.newContext({ storageState: storageStateOf("manager@carrier.demo") });
  for (const c of [inv, mgr]) await c.addCookies([englishCookie(baseURL!)]);
  const page = await inv.newPage();

  type CaseItem = { id: string; reference: string; outcome: string | null; bank: { code: string } };
  const cases = (await (await page.request.get("/api/v1/cases?status=closed&outcome=confirmed_fraud&snoozed=include&limit=200")).json()) as { items: CaseItem[] };
  let chosen: { c: CaseItem; available: number } | null = null;
  for (const c of [...cases.items].reverse()) {
    const r = (await (await page.request.get(`/api/v1/reimbursements?caseId=${c.id}`)).json()) as { items: unknown[]; arithmetic?: { availableYen: number; lossYen: number } };
    // Under ¥1,000,000: one approval decides (at or above it the victim's bank approves too).
    if (r.items.length === 0 && r.arithmetic && r.arithmetic.availableYen > 0 && r.arithmetic.availableYen < 1_000_000 && r.arithmetic.availableYen === r.arithmetic.lossYen) {
      chosen = { c, available: r.arithmetic.availableYen };
      break;
    }
  }
  expect(chosen, "a confirmed-fraud case with nothing reimbursed").not.toBeNull();
  const { c, available } = chosen!;

  // The investigator proposes the whole loss from the case file, to another account.
  await page.goto(`/cases/${c.reference}`);
  const section = page.getByTestId("case-reimbursements");
  await expect(section.getByTestId("case-arithmetic")).toContainText(yen(available));
  await section.getByRole("button", { name: t("reimbursements.caseFile.propose") }).click();
  const form = page.getByTestId("propose-form");
  await expect(form.getByLabel(t("reimbursements.propose.amount"))).toHaveValue(String(available));
  await form.getByLabel(t("reimbursements.propose.reason")).fill("E2E: the victim's confirmed loss");
  await form.getByLabel(t("reimbursements.propose.other")).check();
  await form.getByLabel(t("reimbursements.propose.bankCode")).fill("0108");
  await form.getByLabel(t("reimbursements.propose.branchCode")).fill("002");
  await form.getByLabel(t("reimbursements.propose.accountNumber")).fill("7654321");
  await form.getByLabel(t("reimbursements.propose.holderKana")).fill("ヤマダ ハナコ");
  // Another account without a reason: said next to the field, nothing sent.
  await form.getByRole("button", { name: t("reimbursements.propose.submit") }).click();
  await expect(form.getByLabel(t("reimbursements.propose.payeeReason"))).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel(t("reimbursements.propose.payeeReason")).fill("The victim closed the linked account");
  await form.getByRole("button", { name: t("reimbursements.propose.submit") }).click();
  await expect(form).toBeHidden({ timeout: 15_000 });
  const item = section.getByTestId("case-reimbursement");
  await expect(item).toHaveAttribute("data-status", "pending");
  await expect(item).toContainText(yen(available));
  await expect(item).toContainText("****4321");
  await expect(section.getByTestId("case-arithmetic")).toContainText(t("reimbursements.decide.available"));

  // The maker cannot approve: no button on the page, and the API refuses.
  const list = (await (await page.request.get(`/api/v1/reimbursements?caseId=${c.id}`)).json()) as Page;
  const proposed = list.items[0]!;
  expect(proposed.viewer.canApprove).toBe(false);
  await page.goto("/reimbursements?queue=all&status=pending");
  const row = page.getByTestId("reimbursements-table").getByRole("row").filter({ has: page.getByRole("link", { name: t("reimbursements.table.openCase", { reference: c.reference }) }) });
  await expect(row.getByTestId("approve-blocked")).toHaveText(t("reimbursements.blocked.own_request"));
  await row.getByRole("button", { name: t("reimbursements.table.menu", { reference: c.reference }) }).click();
  await expect(page.getByRole("menuitem", { name: t("reimbursements.sheet.details") })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: t("reimbursements.actions.approve") })).toHaveCount(0);
  await page.keyboard.press("Escape");
  const refused = await page.request.post(`/api/v1/reimbursements/${proposed.id}/approve`, { data: { code: await claimDemoCode("investigator@carrier.demo"), version: 1 }, headers: { origin: baseURL! } });
  expect(refused.status()).toBe(403);

  // A carrier manager approves it with a fresh code.
  const m = await mgr.newPage();
  await m.goto("/reimbursements?queue=waiting_for_me");
  const mrow = m.getByTestId("reimbursements-table").getByRole("row").filter({ has: m.getByRole("link", { name: t("reimbursements.table.openCase", { reference: c.reference }) }) });
  await mrow.getByRole("button", { name: t("reimbursements.table.menu", { reference: c.reference }) }).click();
  await m.getByRole("menuitem", { name: t("reimbursements.actions.approve") }).click();
  const dialog = m.getByRole("dialog");
  await dialog.getByLabel(t("reimbursements.decide.code")).fill(await claimDemoCode("manager@carrier.demo"));
  await dialog.getByRole("button", { name: t("reimbursements.decide.confirmApprove") }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });

  // The batch: chosen among the approved, created, its file downloaded with its totals.
  await m.goto("/reimbursements?queue=approved");
  await m.getByRole("button", { name: t("reimbursements.batch.open") }).click();
  const batch = m.getByTestId("batch-form");
  await batch.getByRole("checkbox", { name: t("reimbursements.batch.choose", { reference: c.reference }) }).check();
  await expect(batch.getByTestId("batch-total")).toContainText(yen(available));
  await batch.getByRole("button", { name: t("reimbursements.batch.create") }).click();
  const created = m.getByTestId("batch-created");
  await expect(created).toContainText(yen(available), { timeout: 15_000 });
  const download = m.waitForEvent("download");
  await created.getByRole("link", { name: t("reimbursements.batch.download") }).click();
  const file = await (await download).path();
  const bytes = (await import("node:fs")).readFileSync(file);
  // Header, one data record per line, trailer, end: 120 bytes and CR LF each.
  expect(bytes.length % 122).toBe(0);
  expect(bytes.subarray(0, 1).toString()).toBe("1");
  await m.keyboard.press("Escape");

  // The bank paid it: marked paid with its reference.
  await m.goto("/reimbursements?queue=sent");
  const srow = m.getByTestId("reimbursements-table").getByRole("row").filter({ has: m.getByRole("link", { name: t("reimbursements.table.openCase", { reference: c.reference }) }) });
  await srow.getByRole("button", { name: t("reimbursements.table.menu", { reference: c.reference }) }).click();
  await m.getByRole("menuitem", { name: t("reimbursements.settle.confirmPaid") }).click();
  const paid = m.getByTestId("paid-form");
  await paid.getByLabel(t("reimbursements.settle.reference")).fill("E2E-REF-0001");
  await paid.getByRole("button", { name: t("reimbursements.settle.confirmPaid") }).click();
  await expect(paid).toBeHidden({ timeout: 15_000 });
  const done = (await (await m.request.get(`/api/v1/reimbursements/${proposed.id}`)).json()) as { status: string };
  expect(done.status).toBe("paid");

  // The case file: nothing outstanding.
  await page.goto(`/cases/${c.reference}`);
  await expect(page.getByTestId("fully-reimbursed")).toHaveText(t("reimbursements.caseFile.fully"));
  await expect(page.getByTestId("case-reimbursement")).toHaveAttribute("data-status", "paid");
  await inv.close();
  await mgr.close();
});
