import { createHash } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { CaseFile } from "@/lib/cases/file-schemas";
import { formatYen } from "@/lib/format";
import { openDialog } from "./support/shell";
import { T, demoUser, englishCookie, storageStateOf } from "./support/staff";

/**
 * The case file /cases/[ref] (#14 §2, §3): an investigator marks a transaction and sees the loss
 * follow, writes a Markdown note that renders (and whose script and javascript: link do not), moves
 * the case through the workflow to closed with an outcome and attaches a PDF shown with its
 * SHA-256; two people on one case, the second one shown what changed and re-applying; a bank's
 * operator gets not-found for another bank's case.
 */
const t = T.en;

interface ListItem {
  id: string;
  reference: string;
  bankCode: string;
  status: string;
}

/** Open cases of `status` (the access matrix works on bank 0108's: those are left alone), with their files. */
async function openCases(request: APIRequestContext, status: string, banks: (code: string) => boolean): Promise<CaseFile[]> {
  const res = await request.get(`/api/v1/cases?status=${status}&snoozed=include&limit=200`);
  expect(res.status()).toBe(200);
  const items = ((await res.json()) as { items: ListItem[] }).items.filter((c) => c.bankCode !== "0108" && banks(c.bankCode));
  const files: CaseFile[] = [];
  for (const c of items.slice(0, 40)) {
    const file = await request.get(`/api/v1/cases/${c.id}`);
    if (file.ok()) files.push((await file.json()) as CaseFile);
  }
  return files;
}

/** The serious and critical accessibility violations of the page as it stands (axe). */
async function severeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
}

async function changeStatus(page: Page, to: string, outcome?: string) {
  const dialog = await openDialog(page, page.getByTestId("case-actions").getByRole("button", { name: t("cases.file.actions.status") }));
  await dialog.getByLabel(t("cases.file.actions.newStatus")).selectOption(to);
  if (outcome) await dialog.getByLabel(t("cases.file.actions.outcome")).selectOption(outcome);
  await dialog.getByRole("button", { name: t("cases.file.actions.saveStatus") }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("case-status")).toHaveText(t(`cases.status.${to}` as never));
}

test.describe("an investigator of the carrier", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("marks a transaction fraudulent and the loss follows, writes a Markdown note that renders without running its script or javascript: link, attaches a PDF shown with its SHA-256, and closes the case new → triage → investigating → closed as confirmed fraud", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    const files = await openCases(page.request, "new", (b) => b !== "0101");
    const file = files.find((f) => f.transactions.items.some((x) => x.fraudulent === null && x.amountYen > 0));
    expect(file, "an open case with an unmarked transaction").toBeTruthy();
    const c = file!.case;
    const tx = file!.transactions.items.find((x) => x.fraudulent === null && x.amountYen > 0)!;

    // Opened by its id (as a link from the API would): named by its reference all the same, in the breadcrumb and the title.
    await page.goto(`/cases/${c.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("cases.file.title", { reference: c.reference }));
    await expect(page.getByRole("navigation", { name: t("shell.breadcrumb") }).getByRole("listitem")).toHaveText([t("shell.nav.home"), t("shell.nav.cases"), c.reference]);
    await expect(page).toHaveTitle(new RegExp(c.reference));
    await expect(page.getByTestId("case-status")).toHaveText(t("cases.status.new"));
    await expect(page.getByTestId("case-loss")).toHaveText(formatYen(c.lossYen));
    await expect(page.getByTestId("case-link")).toHaveAttribute("href", `/accounts/${c.link.id}`);
    await expect(page.getByTestId("note-form")).toBeVisible();
    expect(await severeViolations(page)).toEqual([]);

    // Mark: the loss is the sum of the fraudulent transactions, after the page refetches.
    const row = page.getByTestId(`tx-${tx.id}`);
    await row.getByRole("button", { name: /fraudulent$/ }).first().click();
    await expect(row.getByTestId("mark")).toHaveText(t("cases.file.transactions.marks.fraudulent"));
    await expect(page.getByTestId("case-loss")).toHaveText(formatYen(c.lossYen + tx.amountYen));
    await expect(page.getByTestId("timeline-entry").filter({ hasText: t("cases.file.timeline.kinds.transaction_marked") }).first()).toBeVisible();

    // A Markdown note: bold and an https link render; typed HTML shows as text; a javascript: link is no link.
    const note = page.getByTestId("note-form");
    await note.getByLabel(t("cases.file.actions.noteLabel")).fill(
      "**Bold finding** in the [bank's report](https://example.com/report).\n\n- first\n- second\n\n<script>window.__pwned = 1</script> [click me](javascript:window.__pwned=2)",
    );
    await expect(note.getByTestId("note-preview").locator("strong")).toHaveText("Bold finding");
    await note.getByRole("button", { name: t("cases.file.actions.saveNote") }).click();
    const entry = page.getByTestId("timeline-entry").filter({ hasText: "Bold finding" }).first();
    await expect(entry).toBeVisible();
    await expect(entry.locator("strong")).toHaveText("Bold finding");
    const link = entry.getByRole("link", { name: "bank's report" });
    await expect(link).toHaveAttribute("href", "https://example.com/report");
    await expect(link).toHaveAttribute("rel", /noopener/);
    await expect(entry.getByRole("listitem")).toHaveCount(2);
    await expect(entry.getByText("<script>window.__pwned = 1</script>", { exact: false })).toBeVisible();
    await expect(entry.getByRole("link", { name: "click me" })).toHaveCount(0);
    await expect(entry.locator("script")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Evidence: a small PDF, listed with its SHA-256.
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    await page.getByLabel(t("cases.evidence.fieldLabel")).setInputFiles({ name: "bank-report.pdf", mimeType: "application/pdf", buffer: pdf });
    const evidence = page.getByTestId("evidence-list");
    await expect(evidence.getByText("bank-report.pdf")).toBeVisible();
    await expect(evidence.locator(`code[title="${sha256}"]`)).toHaveText(`${sha256.slice(0, 12)}…`);

    // The workflow, one step at a time, then closed with its outcome.
    await changeStatus(page, "triage");
    await changeStatus(page, "investigating");
    await changeStatus(page, "closed", "confirmed_fraud");
    await expect(page.getByTestId("case-outcome")).toHaveText(t("cases.outcome.confirmed_fraud"));
    await expect(page.getByTestId("timeline-entry").filter({ hasText: t("cases.file.timeline.kinds.outcome_set") }).first()).toContainText(t("cases.outcome.confirmed_fraud"));
    await expect(page.getByTestId("status-change").first()).toHaveText(t("cases.file.timeline.fromTo", { from: t("cases.status.investigating"), to: t("cases.status.closed") }));
    // Closed: no more marks.
    await expect(page.getByTestId(`tx-${tx.id}`).getByRole("button")).toHaveCount(0);
  });
});

test("two people on one case: the second one's write on the version they read gets the conflict panel with what changed, and re-applies it on the current version", async ({ browser, baseURL }) => {
  const first = await browser.newContext({ storageState: storageStateOf("investigator@carrier.demo") });
  const second = await browser.newContext({ storageState: storageStateOf("investigator@bank0101.demo") });
  try {
    await first.addCookies([englishCookie(baseURL!)]);
    await second.addCookies([englishCookie(baseURL!)]);
    const a = await first.newPage();
    const b = await second.newPage();
    const files = [...(await openCases(b.request, "triage", (code) => code === "0101")), ...(await openCases(b.request, "new", (code) => code === "0101"))];
    const file = files.find((f) => f.case.severity !== "critical");
    expect(file, "an open case of bank 0101, new or in triage").toBeTruthy();
    const c = file!.case;
    const from = c.status;
    await Promise.all([a.goto(`/cases/${c.reference}`), b.goto(`/cases/${c.reference}`)]);
    await expect(b.getByTestId("case-status")).toHaveText(t(`cases.status.${from}`));

    // The second person opens the severity form on what they read…
    const dialog = await openDialog(b, b.getByTestId("case-actions").getByRole("button", { name: t("cases.file.actions.severity") }));
    await dialog.getByLabel(t("cases.file.header.severity")).selectOption("critical");

    // …while the first moves the case along.
    await changeStatus(a, "investigating");

    await dialog.getByRole("button", { name: t("cases.file.actions.saveSeverity") }).click();
    const panel = b.getByTestId("conflict-panel");
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(t("cases.file.conflict.title"));
    await expect(panel.getByTestId("conflict-yours")).toHaveText(t("cases.file.actions.whatSeverity", { severity: t("cases.severity.critical") }));
    const change = panel.getByTestId("conflict-changes").getByTestId("timeline-entry");
    await expect(change).toHaveCount(1);
    await expect(change).toContainText(t("cases.file.timeline.kinds.status_changed"));
    await expect(change).toContainText(t("cases.file.timeline.fromTo", { from: t(`cases.status.${from}`), to: t("cases.status.investigating") }));
    await expect(change).toContainText(demoUser("investigator@carrier.demo").displayName);
    // The page shows the case as it is now behind the panel, and nothing of theirs was saved.
    await expect(b.getByTestId("case-status")).toHaveText(t("cases.status.investigating"));
    await expect(b.getByTestId("case-severity")).not.toHaveText(t("cases.severity.critical"));

    await panel.getByRole("button", { name: t("cases.file.conflict.reapply") }).click();
    await expect(panel).toBeHidden();
    await expect(b.getByTestId("case-severity")).toHaveText(t("cases.severity.critical"));
    await expect(b.getByTestId("case-status")).toHaveText(t("cases.status.investigating"));
    const now = (await (await b.request.get(`/api/v1/cases/${c.id}`)).json()) as CaseFile;
    expect(now.case.severity).toBe("critical");
    expect(now.case.status).toBe("investigating");
  } finally {
    await first.close();
    await second.close();
  }
});

test.describe("a bank's operator", () => {
  test.use({ storageState: storageStateOf("operator@bank0101.demo") });

  test("gets the console's not-found for another bank's case, page and API alike, and reads their own bank's case without the workflow's actions", async ({ page, baseURL, playwright }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    const carrier = await playwright.request.newContext({ baseURL, storageState: storageStateOf("investigator@carrier.demo") });
    const res = await carrier.get("/api/v1/cases?status=all&limit=200");
    const items = ((await res.json()) as { items: ListItem[] }).items;
    await carrier.dispose();
    const other = items.find((c) => c.bankCode !== "0101")!;
    const own = items.find((c) => c.bankCode === "0101");

    expect((await page.request.get(`/api/v1/cases/${other.reference}`)).status()).toBe(404);
    expect((await page.request.get(`/api/v1/cases/${other.id}`)).status()).toBe(404);
    const answer = await page.goto(`/cases/${other.reference}`);
    expect(answer?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    // Nothing of the case: the breadcrumb repeats the address typed, nothing more.
    await expect(page.getByTestId("case-header")).toHaveCount(0);
    await expect(page.getByTestId("not-found")).not.toContainText(other.reference);

    if (own) {
      await page.goto(`/cases/${own.reference}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("cases.file.title", { reference: own.reference }));
      await expect(page.getByTestId("case-actions")).toHaveCount(0);
      await expect(page.getByTestId("case-transactions").getByRole("button", { name: /fraudulent$/ })).toHaveCount(0);
      // Bank operators may add notes.
      await expect(page.getByTestId("note-form")).toBeVisible();
      expect(await severeViolations(page)).toEqual([]);
    }
  });
});
