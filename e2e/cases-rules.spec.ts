import { expect, test } from "@playwright/test";
import { T, englishCookie, storageStateOf } from "./support/staff";

/**
 * The detection rules page (#14 §4): a carrier manager switches a rule to shadow (turning one on
 * asks first) and dry-runs it over history; an investigator reads the same page without a switch,
 * a form or a dry run.
 */
const t = T.en;

test.describe("a carrier manager", () => {
  test.use({ storageState: storageStateOf("manager@carrier.demo") });

  test("switches a rule to shadow, is asked before turning it on, and dry-runs it over history with its figures", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/cases/rules");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("cases.rules.title"));
    const rule = page.getByTestId("rule-pin_then_charge");
    const modes = rule.getByRole("group", { name: `${t("cases.rules.mode.label")}: ${t("cases.rules.names.pin_then_charge")}` });
    // The demo runs this rule live.
    await expect(rule.getByTestId("rule-mode")).toHaveText(t("cases.rules.mode.current", { mode: t("cases.rules.mode.on") }));

    await modes.getByRole("button", { name: t("cases.rules.mode.shadow") }).click();
    await expect(rule.getByTestId("rule-mode")).toHaveText(t("cases.rules.mode.current", { mode: t("cases.rules.mode.shadow") }));
    await expect(modes.getByRole("button", { name: t("cases.rules.mode.shadow") })).toHaveAttribute("aria-pressed", "true");

    // Turning it on again asks first; cancelling leaves it in shadow.
    await modes.getByRole("button", { name: t("cases.rules.mode.on") }).click();
    const dialog = page.getByRole("alertdialog", { name: t("cases.rules.confirmOn.title", { name: t("cases.rules.names.pin_then_charge") }) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: t("cases.rules.confirmOn.cancel") }).click();
    await expect(dialog).toBeHidden();
    await expect(rule.getByTestId("rule-mode")).toHaveText(t("cases.rules.mode.current", { mode: t("cases.rules.mode.shadow") }));

    // A dry run over the whole history with the rule's parameters: the story's fraud is PIN-only
    // links charged within minutes, so it finds it.
    await rule.getByRole("button", { name: t("cases.rules.params.edit") }).click();
    await expect(rule.getByLabel(t("cases.rules.params.windowHours"))).toHaveValue("24");
    await rule.getByRole("button", { name: t("cases.rules.dryRun.run") }).click();
    const summary = rule.getByTestId("dry-run-summary");
    await expect(summary).toBeVisible({ timeout: 20_000 });
    const m = /Would have opened ([\d,]+) cases: ([\d,]+) known fraud \(of ([\d,]+) confirmed-fraud links in the period\), ([\d,]+) ordinary links\./.exec((await summary.textContent()) ?? "");
    expect(m, (await summary.textContent()) ?? "").not.toBeNull();
    const [cases, fraud, fraudTotal, ordinary] = m!.slice(1).map((s) => Number(s.replace(/,/g, "")));
    expect(fraudTotal).toBeGreaterThanOrEqual(120);
    expect(fraud).toBeGreaterThanOrEqual(120);
    expect(cases).toBe(fraud! + ordinary!);
    const table = rule.getByRole("table", { name: /Links it would have flagged/ });
    await expect(table.getByRole("row")).not.toHaveCount(0);
    await expect(table.getByText(t("cases.rules.dryRun.knownFraud")).first()).toBeVisible();

    // The change is in the list's answer too (what another manager's page would show).
    const listed = await page.request.get("/api/v1/rules");
    const pin = ((await listed.json()) as { items: { code: string; mode: string }[] }).items.find((i) => i.code === "pin_then_charge");
    expect(pin?.mode).toBe("shadow");
  });
});

test.describe("an investigator", () => {
  test.use({ storageState: storageStateOf("investigator@carrier.demo") });

  test("reads the rules and the SLA without a mode switch, a parameters form or a dry run", async ({ page, baseURL }) => {
    await page.context().addCookies([englishCookie(baseURL!)]);
    await page.goto("/cases/rules");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("cases.rules.title"));
    await expect(page.getByText(t("cases.rules.readOnly"))).toBeVisible();
    for (const code of ["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"]) {
      const rule = page.getByTestId(`rule-${code}`);
      await expect(rule.getByTestId("rule-mode")).toBeVisible();
      await expect(rule.getByRole("group")).toHaveCount(0);
      await expect(rule.getByRole("button")).toHaveCount(0);
    }
    await expect(page.getByTestId("sla-hours")).toContainText(t("cases.sla.current", { severity: t("cases.severity.critical"), hours: 24 }));
    await expect(page.getByRole("button", { name: t("cases.sla.save") })).toHaveCount(0);
    // The server refuses what the page does not offer.
    const refused = await page.request.patch("/api/v1/rules/cash_out", { headers: { origin: baseURL! }, data: { version: 1, mode: "off" } });
    expect(refused.status()).toBe(403);
  });
});
