import { sql } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedDemo } from "@/db/seed";
import { queryRows } from "@/db/seed/query";
import type { StaffActor } from "@/lib/auth/actor";
import {
  analyticsSummary,
  caseFlowChart,
  decisionsChart,
  linksByVerificationChart,
  lossByBankChart,
  lossOverTimeChart,
  regulatorChart,
  spendingByCategoryChart,
} from "@/lib/analytics/service";
import { analyticsQuery } from "@/lib/analytics/schemas";
import { Forbidden, Invalid } from "@/lib/errors";
import { staff } from "../audit/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, TEST_SCALE } from "../seed/support";

vi.mock("@/lib/auth/auth", () => ({ auth: async () => null }));

const STORY = { incident: "INC-2020-001" };
const CHARTS = [lossOverTimeChart, lossByBankChart, spendingByCategoryChart, linksByVerificationChart, caseFlowChart, decisionsChart, regulatorChart];

describeEachDb("loss analytics: figures and scope", (ctx) => {
  let db: Db;
  let manager: StaffActor;
  let auditor: StaffActor;
  let bankManager: StaffActor;
  let operator: StaffActor;
  let carrierInvestigator: StaffActor;
  let others: { code: string; name_ja: string; name_en: string }[];

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
    const orgs = await queryRows<{ id: string; kind: string; bank_code: string | null; name_ja: string; name_en: string }>(db, sql`select id::text, kind, bank_code, name_ja, name_en from organisations`);
    const carrier = orgs.find((o) => o.kind === "carrier")!.id;
    const bank0101 = orgs.find((o) => o.bank_code === "0101")!;
    manager = staff(carrier, "carrier", ["manager"]);
    auditor = staff(carrier, "carrier", ["auditor"]);
    carrierInvestigator = staff(carrier, "carrier", ["investigator"]);
    bankManager = { ...staff(bank0101.id, "bank", ["manager"]), bankCode: "0101" };
    operator = staff(bank0101.id, "bank", ["bank_operator"]);
    others = orgs.filter((o) => o.kind === "bank" && o.bank_code !== "0101").map((o) => ({ code: o.bank_code!, name_ja: o.name_ja, name_en: o.name_en }));
  });

  it("the carrier's managers see the story's figures for INC-2020-001: ¥25,420,000 lost, 120 confirmed cases, 11 of 35 banks, and the reimbursement programme the seed starts (some compensated, one refused, the rest pending)", async () => {
    const s = await analyticsSummary(manager, STORY);
    // The demo seed's reimbursements (db/seed/reimbursements.ts): approved ones compensate their cases, one is rejected.
    const [seeded] = await queryRows<Record<string, string>>(db, sql`select
      (select coalesce(sum(c.reimbursed_yen), 0)::text from cases c join incidents i on i.id = c.incident_id where i.reference = 'INC-2020-001') as compensated,
      (select count(*)::text from cases c join incidents i on i.id = c.incident_id where i.reference = 'INC-2020-001' and c.reimbursed_yen > 0) as compensated_cases`);
    const compensatedCases = Number(seeded!.compensated_cases);
    expect(compensatedCases).toBeGreaterThan(0);
    expect(s.figures).toMatchObject({ lossYen: 25_420_000, confirmedCases: 120, banksAffected: 11, totalBanks: 35, compensatedYen: Number(seeded!.compensated), pendingCases: 120 - compensatedCases - 1, refusedCases: 1 });
    expect(s.average).toBeNull();
    expect(s.options.banks).toHaveLength(35);
    expect(s.options.incidents.map((i) => i.reference)).toContain("INC-2020-001");
  });

  it("every chart adds up to the headline: loss by bank, cumulative loss and the regulator's table all end at ¥25,420,000 over 11 banks", async () => {
    const byBank = await lossByBankChart(manager, STORY);
    expect(byBank.rows).toHaveLength(11);
    expect(byBank.rows.reduce((t, r) => t + r.lossYen, 0)).toBe(25_420_000);
    expect(byBank.rows.map((r) => r.lossYen)).toEqual([...byBank.rows.map((r) => r.lossYen)].sort((a, b) => b - a));
    for (const r of byBank.rows) expect(r.compensatedYen + r.pendingYen + r.outstandingYen).toBe(r.lossYen);
    const over = await lossOverTimeChart(manager, STORY);
    expect(over.points.at(-1)!.cumulativeYen).toBe(25_420_000);
    expect(over.markers.length).toBeGreaterThan(35);
    const reg = await regulatorChart(manager, STORY);
    expect(reg.rows.reduce((t, r) => t + r.cases, 0)).toBe(120);
    expect(reg.rows.every((r) => /^\d{4}Q[1-4]$/.test(r.quarter))).toBe(true);
    const spend = await spendingByCategoryChart(manager, STORY);
    expect(spend.rows[0]!.yen).toBeGreaterThan(0);
  });

  it("the charts' figures equal the raw aggregates over cases, transactions, links and decision counters", async () => {
    const [raw] = await queryRows<Record<string, string>>(db, sql`select
      (select coalesce(sum(t.amount_yen), 0) from case_transactions ct join cases c on c.id = ct.case_id join transactions t on t.id = ct.transaction_id where ct.fraudulent and t.kind = 'payment' and c.outcome = 'confirmed_fraud') as spend,
      (select count(*) from linked_accounts where verification = 'pin_only') as pin_links,
      (select coalesce(sum(count), 0) from decision_counters where outcome = 'deny') as denied,
      (select count(*) from cases where status <> 'closed') as open`);
    const spend = await spendingByCategoryChart(manager, {});
    expect(spend.rows.reduce((t, r) => t + r.yen, 0)).toBe(Number(raw!.spend));
    const links = await linksByVerificationChart(manager, {});
    expect(links.rows.reduce((t, r) => t + r.pin_only, 0)).toBe(Number(raw!.pin_links));
    const s = await analyticsSummary(manager, {});
    expect(s.figures.blockedAttempts).toBe(Number(raw!.denied));
    const flow = await caseFlowChart(manager, {});
    expect(flow.ageBands.reduce((t, b) => t + b.open, 0)).toBe(Number(raw!.open));
    expect(flow.sla.openWithin + flow.sla.openOverdue).toBe(Number(raw!.open));
  });

  it("auditors read analytics too; operators and investigators are refused (analytics.read: managers and auditors)", async () => {
    await expect(analyticsSummary(auditor, STORY)).resolves.toBeDefined();
    await expect(analyticsSummary(operator, STORY)).rejects.toBeInstanceOf(Forbidden);
    await expect(lossByBankChart(carrierInvestigator, STORY)).rejects.toBeInstanceOf(Forbidden);
  });

  it("a bank's manager sees their bank beside the average of all banks, and no other bank's code or name in any answer", async () => {
    const s = await analyticsSummary(bankManager, STORY);
    expect(s.filters.withAverage).toBe(true);
    expect(s.figures.banksAffected).toBeNull();
    expect(s.figures.confirmedCases).toBe(24);
    expect(s.average!.lossYen).toBeCloseTo(25_420_000 / 35, 5);
    expect(s.options.banks.map((b) => b.code)).toEqual(["0101"]);
    const answers = [s, ...(await Promise.all(CHARTS.map((c) => c(bankManager, STORY)))), ...(await Promise.all(CHARTS.map((c) => c(bankManager, {}))))];
    const text = JSON.stringify(answers);
    for (const o of others) {
      expect(text).not.toContain(`"${o.code}"`);
      expect(text).not.toContain(o.name_ja);
      expect(text).not.toContain(o.name_en);
    }
    const byBank = await lossByBankChart(bankManager, STORY);
    expect(byBank.rows.map((r) => r.bank?.code ?? "average")).toEqual(["0101", "average"]);
    expect(byBank.rows[1]!.lossYen).toBeCloseTo(25_420_000 / 35, 5);
    const over = await lossOverTimeChart(bankManager, STORY);
    expect(new Set(over.markers.map((m) => m.bank.code))).toEqual(new Set(["0101"]));
    expect(over.points.at(-1)!.averageCumulativeYen).toBe(Math.round(25_420_000 / 35));
  });

  it("a bank's manager naming another bank is refused as unknown_bank, as is a bank that does not exist", async () => {
    await expect(analyticsSummary(bankManager, { bank: "0108" })).rejects.toMatchObject({ fields: { bank: { code: "unknown_bank" } } });
    await expect(analyticsSummary(manager, { bank: "9999" })).rejects.toBeInstanceOf(Invalid);
    await expect(analyticsSummary(manager, { incident: "INC-1999-999" })).rejects.toMatchObject({ fields: { incident: { code: "unknown_incident" } } });
    expect(analyticsQuery.safeParse({ from: "2020-09-31" }).success).toBe(false);
    expect(analyticsQuery.safeParse({ from: "2020-09-10", to: "2020-09-01" }).success).toBe(false);
  });

  it("a filter that selects nothing gives zero figures and empty series, not an error", async () => {
    const q = { from: "2001-01-01", to: "2001-01-31" };
    const s = await analyticsSummary(manager, q);
    expect(s.figures).toMatchObject({ lossYen: 0, confirmedCases: 0, banksAffected: 0, blockedAttempts: 0 });
    expect((await lossOverTimeChart(manager, q)).points).toEqual([]);
    expect((await lossByBankChart(manager, q)).rows).toEqual([]);
    expect((await spendingByCategoryChart(manager, q)).rows).toEqual([]);
    expect((await linksByVerificationChart(manager, q)).rows).toEqual([]);
    expect((await decisionsChart(manager, q)).rows).toEqual([]);
    expect((await regulatorChart(manager, q)).rows).toEqual([]);
  });

  it("a carrier's bank filter narrows every figure to those banks", async () => {
    const s = await analyticsSummary(manager, { ...STORY, bank: "0101,0108" });
    expect(s.figures.confirmedCases).toBe(24 + 17);
    expect(s.figures.banksAffected).toBe(2);
    expect((await lossByBankChart(manager, { ...STORY, bank: "0101,0108" })).rows.map((r) => r.bank!.code).sort()).toEqual(["0101", "0108"]);
  });
});
