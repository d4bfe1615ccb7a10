import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { DEMO_BANKS } from "@/db/seed/banks";
import { lossByBankChart } from "@/lib/analytics/service";
import { bankOrder } from "@/lib/incidents/schemas";
import { getIncident, listIncidents } from "@/lib/incidents/service";
import { incidentDescription, incidentTitle, incidentTitles } from "@/lib/incidents/title";
import { actorOf, rejection } from "../admin/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, TEST_SCALE, rows } from "../seed/support";

describeEachDb("incidents: figures per bank, timeline, scope", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
  });

  it("the carrier's manager reads INC-2020-001 by reference and by id: 120 cases, ¥25,420,000 confirmed at 11 banks, the seed's reimbursement programme in its progress (approved ones reimbursed, the rest outstanding), first fraud in October 2019", async () => {
    const actor = await actorOf(ctx.handle.db, "manager@carrier.demo");
    const byRef = await getIncident(actor, "INC-2020-001");
    // The demo seed's reimbursements (db/seed/reimbursements.ts), read back by status.
    const progress = await rows<{ status: string; n: number; yen: string }>(
      ctx.handle.db,
      sql`select r.status::text as status, count(*)::int as n, sum(r.amount_yen)::bigint::text as yen from reimbursements r join cases c on c.id = r.case_id join incidents i on i.id = c.incident_id where i.reference = 'INC-2020-001' group by 1`,
    );
    const of = (status: string) => {
      const r = progress.find((p) => p.status === status);
      return { count: r?.n ?? 0, yen: Number(r?.yen ?? 0) };
    };
    // A case's reimbursed amount counts what is approved, sent or paid.
    const reimbursed = of("approved").yen + of("sent").yen + of("paid").yen;
    expect(reimbursed).toBeGreaterThan(0);
    expect(byRef.figures).toMatchObject({ cases: 120, confirmedCases: 120, openCases: 0, lossYen: 25_420_000, confirmedLossYen: 25_420_000, reimbursedYen: reimbursed, outstandingYen: 25_420_000 - reimbursed });
    expect(byRef.banksHit).toBe(11);
    expect(byRef.banks).toHaveLength(11);
    expect(byRef.scope).toEqual({ kind: "all", bankCode: null });
    expect(byRef.figures.firstFraudAt!.slice(0, 7)).toBe("2019-10");
    expect(of("paid").count).toBeGreaterThan(0);
    expect(byRef.reimbursements).toEqual({
      proposed: of("pending"),
      approved: { count: of("approved").count + of("sent").count, yen: of("approved").yen + of("sent").yen },
      paid: of("paid"),
      rejected: { count: 1, yen: of("rejected").yen },
    });
    const byId = await getIncident(actor, byRef.id);
    expect(byId).toEqual(byRef);
    expect(await getIncident(actor, "inc-2020-001")).toEqual(byRef);
    const list = await listIncidents(actor);
    expect(list.items.map((i) => i.reference)).toEqual(["INC-2020-001"]);
    expect(list.items[0]).toMatchObject({ figures: byRef.figures, banksHit: 11 });
  });

  it("each bank's row equals the sums of its cases, the rows add up to the totals, and first/last fraud are the earliest and latest fraudulent transactions", async () => {
    const actor = await actorOf(ctx.handle.db, "manager@carrier.demo");
    const d = await getIncident(actor, "INC-2020-001");
    const truth = await rows<{ bank_code: string; cases: number; confirmed: string; reimbursed: string; first_at: string; last_at: string }>(
      ctx.handle.db,
      sql`select o.bank_code, count(distinct c.id)::int as cases, (select sum(c2.confirmed_loss_yen) from cases c2 where c2.bank_id = o.id and c2.incident_id = i.id)::bigint::text as confirmed,
          (select sum(c2.reimbursed_yen) from cases c2 where c2.bank_id = o.id and c2.incident_id = i.id)::bigint::text as reimbursed,
          min(t.occurred_at)::text as first_at, max(t.occurred_at)::text as last_at
        from incidents i join cases c on c.incident_id = i.id join organisations o on o.id = c.bank_id
          left join case_transactions ct on ct.case_id = c.id and ct.fraudulent left join transactions t on t.id = ct.transaction_id
        where i.reference = 'INC-2020-001' group by o.id, o.bank_code, i.id`,
    );
    expect(d.banks.map((b) => b.bankCode).sort()).toEqual(truth.map((t) => t.bank_code).sort());
    for (const t of truth) {
      const b = d.banks.find((x) => x.bankCode === t.bank_code)!;
      expect(b.cases).toBe(t.cases);
      expect(b.confirmedLossYen).toBe(Number(t.confirmed));
      expect(b.reimbursedYen).toBe(Number(t.reimbursed));
      expect(b.outstandingYen).toBe(Number(t.confirmed) - Number(t.reimbursed));
      expect(b.firstFraudAt).toBe(new Date(t.first_at).toISOString());
      expect(b.lastFraudAt).toBe(new Date(t.last_at).toISOString());
    }
    const sum = (k: "cases" | "confirmedLossYen" | "outstandingYen") => d.banks.reduce((s, b) => s + b[k], 0);
    expect([sum("cases"), sum("confirmedLossYen"), sum("outstandingYen")]).toEqual([d.figures.cases, d.figures.confirmedLossYen, d.figures.outstandingYen]);
    expect(d.figures.firstFraudAt).toBe(d.banks.map((b) => b.firstFraudAt!).sort()[0]);
    expect(d.figures.lastFraudAt).toBe(d.banks.map((b) => b.lastFraudAt!).sort().at(-1));
    // Sorted by confirmed loss, then bank code: the analytics' "loss by bank" order.
    const losses = d.banks.map((b) => b.confirmedLossYen);
    expect([...losses].sort((a, b) => b - a)).toEqual(losses);
    const analytics = await lossByBankChart(actor, { incident: "INC-2020-001" });
    expect(d.banks.map((b) => b.bankCode)).toEqual(analytics.rows.map((r) => r.bank!.code));
  });

  it("the timeline puts the first fraud, every control change at the affected banks and each case's confirmation in order", async () => {
    const actor = await actorOf(ctx.handle.db, "manager@carrier.demo");
    const d = await getIncident(actor, "INC-2020-001");
    const times = d.timeline.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(d.timeline[0]).toMatchObject({ kind: "first_fraud", at: d.figures.firstFraudAt });
    expect(d.timeline.filter((e) => e.kind === "case_confirmed")).toHaveLength(120);
    const changes = d.timeline.filter((e) => e.kind === "control_change");
    const affected = new Set(d.banks.map((b) => b.bankCode));
    const [expected] = await rows<{ n: number }>(
      ctx.handle.db,
      sql`select count(*)::int as n from control_changes cc join organisations o on o.id = cc.bank_id where o.bank_code in (${sql.join([...affected].map((c) => sql`${c}`), sql`, `)})`,
    );
    expect(changes).toHaveLength(Number(expected!.n));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => affected.has(c.bankCode))).toBe(true);
    // At one instant, the banks come in the banks' order (loss, then code), as everywhere on the page.
    const rank = new Map(d.banks.map((b, i) => [b.bankCode, i]));
    for (const [i, e] of d.timeline.entries()) {
      const prev = d.timeline[i - 1];
      if (prev && prev.at === e.at && prev.kind === e.kind) expect(rank.get(prev.bankCode)!, `${e.at} ${prev.bankCode} before ${e.bankCode}`).toBeLessThanOrEqual(rank.get(e.bankCode)!);
    }
  });

  it("a bank's staff see their bank's row and totals of their own cases only: never another bank's name, code or figure, nor how many banks were hit", async () => {
    for (const email of ["operator@bank0101.demo", "investigator@bank0108.demo", "manager@bank0108.demo", "auditor@bank0101.demo"]) {
      const actor = await actorOf(ctx.handle.db, email);
      const own = actor.bankCode!;
      const d = await getIncident(actor, "INC-2020-001");
      const carrier = await getIncident(await actorOf(ctx.handle.db, "manager@carrier.demo"), "INC-2020-001");
      const mine = carrier.banks.find((b) => b.bankCode === own)!;
      expect(d.scope).toEqual({ kind: "bank", bankCode: own });
      expect(d.banks).toEqual([mine]);
      expect(d.banksHit).toBeNull();
      expect(d.figures).toMatchObject({ cases: mine.cases, confirmedLossYen: mine.confirmedLossYen, outstandingYen: mine.outstandingYen });
      expect(d.timeline.every((e) => e.bankCode === own)).toBe(true);
      const text = JSON.stringify([d, await listIncidents(actor)]);
      for (const b of DEMO_BANKS.filter((x) => x.code !== own)) {
        expect(text).not.toContain(b.nameJa);
        expect(text).not.toContain(b.nameEn);
        expect(text).not.toContain(`"${b.code}"`);
      }
      expect(text).not.toContain("25420000");
      const listed = (await listIncidents(actor)).items[0]!;
      expect(listed.banksHit).toBeNull();
      expect(listed.figures).toEqual(d.figures);
    }
  });

  it("an unknown reference or id is not found; a role without cases.read is refused", async () => {
    const actor = await actorOf(ctx.handle.db, "manager@carrier.demo");
    expect((await rejection(getIncident(actor, "INC-1999-999"))).status).toBe(404);
    expect((await rejection(getIncident(actor, "00000000-0000-4000-8000-000000000000"))).status).toBe(404);
    const admin = await actorOf(ctx.handle.db, "admin@carrier.demo");
    expect((await rejection(getIncident(admin, "INC-2020-001"))).status).toBe(403);
    expect((await rejection(listIncidents(admin))).status).toBe(403);
  });

  it("the title is the viewer's language when both are stored, the stored text otherwise", () => {
    const both = "電子マネー口座連携を悪用した不正出金 / Fraudulent withdrawals through e-money account linking";
    expect(incidentTitle(both, "ja")).toBe("電子マネー口座連携を悪用した不正出金");
    expect(incidentTitle(both, "en")).toBe("Fraudulent withdrawals through e-money account linking");
    expect(incidentTitles("Card testing / wave 2")).toBeNull();
    expect(incidentTitle("不正出金", "en")).toBe("不正出金");
  });

  it("the description is the viewer's paragraph when a Japanese and an English one are stored apart by a blank line, the stored text otherwise", () => {
    const both = "口座を電子マネーに連携し、残高を使用。\n\nLinked the accounts and spent the balance.";
    expect(incidentDescription(both, "ja")).toBe("口座を電子マネーに連携し、残高を使用。");
    expect(incidentDescription(both, "en")).toBe("Linked the accounts and spent the balance.");
    expect(incidentDescription("First finding.\n\nSecond finding.", "ja")).toBe("First finding.\n\nSecond finding.");
    expect(incidentDescription("一段落目。\n\n二段落目。\n\nThird.", "en")).toBe("一段落目。\n\n二段落目。\n\nThird.");
  });
});

describe("the banks' order on an incident's pages", () => {
  it("is the analytics' loss by bank order: confirmed loss, largest first, then bank code (not the number of cases); a bank without cases counts ¥0", () => {
    const banks = [
      { bankCode: "0136", confirmedLossYen: 0, cases: 9 },
      { bankCode: "0108", confirmedLossYen: 500, cases: 3 },
      { bankCode: "0101", confirmedLossYen: 500, cases: 1 },
      { bankCode: "0213", confirmedLossYen: 900, cases: 1 },
    ];
    const order = bankOrder(banks);
    expect(banks.map((b) => b.bankCode).sort(order)).toEqual(["0213", "0101", "0108", "0136"]);
    expect(["0999", "0136", "0108", "0001"].sort(order)).toEqual(["0108", "0001", "0136", "0999"]);
  });
});
