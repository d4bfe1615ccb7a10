import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
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
  wholeMonths,
} from "@/lib/analytics/service";
import { analyticsQuery } from "@/lib/analytics/schemas";
import { Forbidden, Invalid } from "@/lib/errors";
import { staff } from "../audit/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, TEST_SCALE } from "../seed/support";

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

  it("the regulator's table puts each confirmed case in the quarter of its first fraudulent withdrawal (its earliest charge marked fraudulent), as the raw cases and marks say", async () => {
    const raw = await queryRows<{ code: string; quarter: string; cases: string; loss: string }>(
      db,
      sql`select o.bank_code as code, to_char((w.first at time zone 'Asia/Tokyo')::date, 'YYYY"Q"Q') as quarter, count(*)::text as cases, sum(c.confirmed_loss_yen)::text as loss
        from cases c join incidents i on i.id = c.incident_id join organisations o on o.id = c.bank_id
          cross join lateral (select coalesce(min(t.occurred_at) filter (where t.kind = 'charge'), min(t.occurred_at), c.opened_at) as first
            from case_transactions ct join transactions t on t.id = ct.transaction_id where ct.case_id = c.id and ct.fraudulent) w
        where i.reference = 'INC-2020-001' and c.outcome = 'confirmed_fraud' group by 1, 2 order by 2, 1`,
    );
    const reg = await regulatorChart(manager, STORY);
    expect(reg.rows.map((r) => [r.bank!.code, r.quarter, r.cases, r.lossYen])).toEqual(raw.map((r) => [r.code, r.quarter, Number(r.cases), Number(r.loss)]));
    expect(reg.rows.reduce((t, r) => t + r.lossYen, 0)).toBe(25_420_000);
    // The period chooses withdrawals too: a quarter's days give that quarter's rows only.
    const q = raw[0]!.quarter;
    const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(5))];
    const from = `${y}-${String(3 * n - 2).padStart(2, "0")}-01`;
    const to = new Date(Date.UTC(y, 3 * n, 0)).toISOString().slice(0, 10);
    const inQuarter = await regulatorChart(manager, { ...STORY, from, to });
    expect(inQuarter.rows.map((r) => r.quarter)).toEqual(raw.filter((r) => r.quarter === q).map(() => q));
  });

  it("with an incident, the link and decision charts and the blocked attempts count the incident's banks over its period (from its start to today while it is open)", async () => {
    const [inc] = await queryRows<{ started: string; banks: string[] }>(
      db,
      sql`select (i.started_at at time zone 'Asia/Tokyo')::date::text as started, array_agg(distinct c.bank_id::text) as banks
        from incidents i join cases c on c.incident_id = i.id where i.reference = 'INC-2020-001' group by i.started_at`,
    );
    const banks = inc!.banks;
    expect(banks).toHaveLength(11);
    const today = new Date().toISOString().slice(0, 10);
    const [raw] = await queryRows<Record<string, string>>(db, sql`select
      (select count(*) from linked_accounts where bank_id = any(${sql.param(banks)}::uuid[]) and (linked_at at time zone 'Asia/Tokyo')::date >= ${inc!.started}::date) as links,
      (select count(*) from linked_accounts) as all_links,
      (select coalesce(sum(count), 0) from decision_counters where bank_id = any(${sql.param(banks)}::uuid[]) and (bucket_start at time zone 'Asia/Tokyo')::date >= ${inc!.started}::date) as decisions,
      (select coalesce(sum(count), 0) from decision_counters where outcome = 'deny' and bank_id = any(${sql.param(banks)}::uuid[]) and (bucket_start at time zone 'Asia/Tokyo')::date >= ${inc!.started}::date) as denied,
      (select coalesce(sum(count), 0) from decision_counters) as all_decisions`);
    expect(Number(raw!.links)).toBeGreaterThan(0);
    expect(Number(raw!.links)).toBeLessThan(Number(raw!.all_links));
    expect(Number(raw!.decisions)).toBeGreaterThan(0);
    expect(Number(raw!.decisions)).toBeLessThan(Number(raw!.all_decisions));

    const links = await linksByVerificationChart(manager, STORY);
    expect(links.filters.incident).toMatchObject({ reference: "INC-2020-001", from: inc!.started });
    expect(links.filters.incident!.to >= today).toBe(true);
    expect(links.rows.reduce((t, r) => t + r.pin_only + r.otp + r.identity_document, 0)).toBe(Number(raw!.links));
    expect(links.rows.every((r) => r.day >= inc!.started)).toBe(true);
    const decisions = await decisionsChart(manager, STORY);
    expect(decisions.rows.reduce((t, r) => t + r.linkAllow + r.linkDeny + r.chargeAllow + r.chargeDeny, 0)).toBe(Number(raw!.decisions));
    const [bankCodes] = await queryRows<{ codes: string[] }>(db, sql`select array_agg(bank_code) as codes from organisations where id = any(${sql.param(banks)}::uuid[])`);
    expect(decisions.byBank.every((b) => bankCodes!.codes.includes(b.bank!.code))).toBe(true);
    expect((await analyticsSummary(manager, STORY)).figures.blockedAttempts).toBe(Number(raw!.denied));
    // A period before the incident started: nothing of it.
    const before = { ...STORY, from: "2001-01-01", to: "2019-01-01" };
    expect((await linksByVerificationChart(manager, before)).rows).toEqual([]);
    expect((await decisionsChart(manager, before)).rows).toEqual([]);
    // A bank's manager: their bank (one of the incident's), the average over the incident's banks ÷ 35; no other bank named.
    const own = await linksByVerificationChart(bankManager, STORY);
    expect(own.rows.some((r) => r.pin_only + r.otp + r.identity_document > 0)).toBe(true);
    expect(JSON.stringify(own)).not.toContain(banks.find((b) => b !== bankManager.bankId) ?? "none");
  });

  it("a case opened in one quarter for withdrawals of the one before counts in the quarter of the withdrawals", async () => {
    const [link] = await queryRows<{ id: string; bank_id: string; code: string }>(
      db,
      sql`select l.id::text, l.bank_id::text, o.bank_code as code from linked_accounts l join organisations o on o.id = l.bank_id
        where o.bank_code = '0150' and not exists (select 1 from cases c where c.linked_account_id = l.id) order by l.id limit 1`,
    );
    const [tx] = await queryRows<{ id: string }>(
      db,
      sql`insert into transactions (kind, wallet_id, linked_account_id, bank_id, amount_yen, occurred_at)
        select 'charge', wallet_id, id, bank_id, 77000, '2021-03-30T23:00:00Z' from linked_accounts where id = ${link!.id}::uuid returning id::text`,
    );
    const [c] = await queryRows<{ id: string }>(
      db,
      sql`insert into cases (reference, bank_id, linked_account_id, status, outcome, severity, loss_yen, confirmed_loss_yen, due_at, opened_at, closed_at)
        values ('C-TEST-Q2', ${link!.bank_id}::uuid, ${link!.id}::uuid, 'closed', 'confirmed_fraud', 'high', 77000, 77000, '2021-04-05T00:00:00Z', '2021-04-02T00:00:00Z', '2021-04-03T00:00:00Z') returning id::text`,
    );
    const quarterOf = async () => (await regulatorChart(manager, { bank: "0150", from: "2021-01-01", to: "2021-06-30" })).rows.map((r) => [r.quarter, r.cases, r.lossYen]);
    // No withdrawal marked yet: the day it was opened (2021Q2).
    expect(await quarterOf()).toEqual([["2021Q2", 1, 77000]]);
    // The charge marked fraudulent happened on 31 March in Japan: 2021Q1.
    await db.execute(sql`insert into case_transactions (case_id, transaction_id, fraudulent) values (${c!.id}::uuid, ${tx!.id}::uuid, true)`);
    expect(await quarterOf()).toEqual([["2021Q1", 1, 77000]]);
    await db.execute(sql`delete from case_transactions where case_id = ${c!.id}::uuid`);
    await db.execute(sql`delete from cases where id = ${c!.id}::uuid`);
    await db.execute(sql`delete from transactions where id = ${tx!.id}::uuid`);
    expect(await quarterOf()).toEqual([]);
  });

  it("decisions per bank over any period (whole months from the monthly rollups, the days at either end from the daily ones) equal the raw counters", async () => {
    for (const q of [{}, { from: "2026-11-20", to: "2026-12-31" }, { from: "2026-10-15", to: "2026-11-22" }, { from: "2026-11-18", to: "2026-11-18" }, { to: "2026-11-21" }, { from: "2026-11-01" }]) {
      const raw = await queryRows<{ code: string; allow: string; deny: string }>(
        db,
        sql`select o.bank_code as code, coalesce(sum(d.count) filter (where d.outcome = 'allow'), 0)::text as allow, coalesce(sum(d.count) filter (where d.outcome = 'deny'), 0)::text as deny
          from decision_counters d join organisations o on o.id = d.bank_id
          where (${q.from ?? null}::date is null or (d.bucket_start at time zone 'Asia/Tokyo')::date >= ${q.from ?? null}::date)
            and (${q.to ?? null}::date is null or (d.bucket_start at time zone 'Asia/Tokyo')::date <= ${q.to ?? null}::date)
          group by 1 having sum(d.count) > 0`,
      );
      const chart = await decisionsChart(manager, q);
      expect(Object.fromEntries(chart.byBank.map((b) => [b.bank!.code, [b.allow, b.deny]])), JSON.stringify(q)).toEqual(Object.fromEntries(raw.map((r) => [r.code, [Number(r.allow), Number(r.deny)]])));
      expect(chart.rows.reduce((t, r) => t + r.linkAllow + r.chargeAllow, 0)).toBe(raw.reduce((t, r) => t + Number(r.allow), 0));
    }
  });

  it("a period splits into its whole calendar months and the days at either end", () => {
    expect(wholeMonths(null, null)).toEqual({ months: { from: null, to: null }, days: [] });
    expect(wholeMonths("2026-11-20", "2026-12-31")).toEqual({ months: { from: "2026-12-01", to: "2026-12-01" }, days: [{ from: "2026-11-20", to: "2026-11-30" }] });
    expect(wholeMonths("2026-10-15", "2026-11-22")).toEqual({ months: null, days: [{ from: "2026-10-15", to: "2026-11-22" }] });
    expect(wholeMonths("2025-12-01", "2026-03-10")).toEqual({ months: { from: "2025-12-01", to: "2026-02-01" }, days: [{ from: "2026-03-01", to: "2026-03-10" }] });
    expect(wholeMonths(null, "2024-02-28")).toEqual({ months: { from: null, to: "2024-01-01" }, days: [{ from: "2024-02-01", to: "2024-02-28" }] });
    expect(wholeMonths(null, "2024-02-29")).toEqual({ months: { from: null, to: "2024-02-01" }, days: [] });
    expect(wholeMonths("2026-01-31", null)).toEqual({ months: { from: "2026-02-01", to: null }, days: [{ from: "2026-01-31", to: "2026-01-31" }] });
  });
});
