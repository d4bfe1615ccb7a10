import { STORY_END } from "@/db/seed/calendar";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { fromJst } from "@/lib/format";
import { KATAKANA_NAME } from "@/lib/kana";
import { AUDIT_PAGE_SIZE, listAudit } from "@/lib/audit/query";
import { auditFilters } from "@/lib/audit/schemas";
import { verifyChain } from "@/lib/audit/verify";
import { staff } from "../audit/support";
import { describeEachDb } from "../support/db";
import { STORY_CASES, STORY_DAY, TEST_SCALE, numbers, rows } from "./support";

describeEachDb("demo seed: the September 2020 story", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE });
  });

  it("seeded figures match the published incident: 35 banks, registrations suspended at 35, charges at 27, 120 confirmed cases at 11 banks, losses ¥25,420,000, first case in October 2019", async () => {
    const f = await numbers(
      ctx.handle.db,
      sql`select
        (select count(*)::int from organisations where kind = 'bank') as banks,
        (select count(*)::int from bank_controls where control = 'registrations' and state = 'suspended') as registrations,
        (select count(*)::int from bank_controls where control = 'charges' and state = 'suspended') as charges,
        (select count(*)::int from ${STORY_CASES} cases where outcome = 'confirmed_fraud') as cases,
        (select count(distinct bank_id)::int from ${STORY_CASES} cases where outcome = 'confirmed_fraud') as case_banks,
        (select sum(loss_yen)::bigint from ${STORY_CASES} cases) as loss,
        (select sum(confirmed_loss_yen)::bigint from ${STORY_CASES} cases where outcome = 'confirmed_fraud') as confirmed,
        (select count(*)::int from ${STORY_CASES} cases where loss_yen <= 0) as empty_cases,
        (select count(*)::int from ${STORY_CASES} c join organisations o on o.id = c.bank_id where o.bank_code in ('0101', '0108')) as staff_bank_cases,
        (select count(*)::int from cases where source = 'seed') as seed_cases`,
    );
    expect(f).toMatchObject({ banks: 35, registrations: 35, charges: 27, cases: 120, case_banks: 11, loss: 25_420_000, confirmed: 25_420_000, empty_cases: 0, seed_cases: 120 });
    expect(f.staff_bank_cases).toBeGreaterThan(0);

    const [first] = await rows<{ month: string; reference: string }>(
      ctx.handle.db,
      sql`select to_char(opened_at at time zone 'Asia/Tokyo', 'YYYY-MM') as month, reference from ${STORY_CASES} cases order by opened_at limit 1`,
    );
    expect(first).toEqual({ month: "2019-10", reference: "C-2019-0001" });
    const [incident] = await rows<{ reference: string; same: boolean; cases: number }>(
      ctx.handle.db,
      sql`select i.reference, i.started_at = (select min(opened_at) from ${STORY_CASES} cases) as same,
        (select count(*)::int from cases c where c.incident_id = i.id) as cases from incidents i`,
    );
    expect(incident).toEqual({ reference: "INC-2020-001", same: true, cases: 120 });
    // Whole thousands of yen, within plausible bounds.
    const bounds = await numbers(ctx.handle.db, sql`select min(loss_yen)::bigint as lo, max(loss_yen)::bigint as hi, count(*) filter (where loss_yen % 1000 <> 0)::int as odd from ${STORY_CASES} cases`);
    expect(bounds.lo).toBeGreaterThanOrEqual(30_000);
    expect(bounds.hi).toBeLessThanOrEqual(900_000);
    expect(bounds.odd).toBe(0);
  });

  it("every control history ends on Monday 2020-09-14 16:00 JST", async () => {
    const monday = fromJst("2020-09-14 16:00");
    const last = await rows<{ at: string; n: number }>(
      ctx.handle.db,
      sql`select to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, count(*)::int as n
        from control_changes group by changed_at order by changed_at desc limit 1`,
    );
    expect(last).toEqual([{ at: monday.toISOString().replace(".000", ""), n: 1 }]);
    const spread = await numbers(
      ctx.handle.db,
      sql`select count(*)::int as changes,
        count(*) filter (where changed_at < ${fromJst("2020-09-01 00:00")} or changed_at > ${monday})::int as outside,
        count(distinct bank_id)::int as banks,
        count(*) filter (where from_state = 'open' and to_state = 'strong_only')::int as via_strong
      from control_changes`,
    );
    expect(spread.outside).toBe(0);
    expect(spread.banks).toBe(35);
    expect(spread.via_strong).toBeGreaterThan(5);

    // Each history is a chain from open, and bank_controls holds its last step.
    const histories = await rows<{ bank_id: string; control: string; from_state: string; to_state: string; changed_at: string; reason: string; by_email: string; by_org: string | null }>(
      ctx.handle.db,
      sql`select cc.bank_id, cc.control, cc.from_state, cc.to_state, cc.changed_at::text, cc.reason, u.email as by_email, o.bank_code as by_org
        from control_changes cc join users u on u.id = cc.changed_by join organisations o on o.id = u.org_id
        order by cc.bank_id, cc.control, cc.changed_at`,
    );
    const finals = await rows<{ bank_id: string; control: string; state: string; changed_at: string; version: number | string; reason: string | null; changed_by: string | null }>(
      ctx.handle.db,
      sql`select bank_id, control, state, changed_at::text, version, reason, changed_by from bank_controls`,
    );
    const [bankCodes] = [await rows<{ id: string; bank_code: string }>(ctx.handle.db, sql`select id, bank_code from organisations where kind = 'bank'`)];
    const codeOf = new Map(bankCodes!.map((b) => [b.id, b.bank_code]));
    const byKey = new Map<string, typeof histories>();
    for (const h of histories) byKey.set(`${h.bank_id}:${h.control}`, [...(byKey.get(`${h.bank_id}:${h.control}`) ?? []), h]);
    for (const f of finals) {
      const steps = byKey.get(`${f.bank_id}:${f.control}`) ?? [];
      if (steps.length === 0) {
        expect(f.state).toBe("open");
        continue;
      }
      expect(steps[0]!.from_state).toBe("open");
      for (let i = 1; i < steps.length; i++) expect(steps[i]!.from_state).toBe(steps[i - 1]!.to_state);
      const lastStep = steps[steps.length - 1]!;
      expect(f.state).toBe(lastStep.to_state);
      expect(new Date(f.changed_at).getTime()).toBe(new Date(lastStep.changed_at).getTime());
      expect(f.reason).toBe(lastStep.reason);
      // Changed by the carrier's staff or by the bank's own staff, never another bank's.
      for (const s of steps) expect(s.by_org === null || s.by_org === codeOf.get(f.bank_id)).toBe(true);
    }
    // Versions grow with time across all banks (one counter).
    const changed = finals.filter((f) => byKey.has(`${f.bank_id}:${f.control}`)).sort((a, b) => new Date(a.changed_at).getTime() - new Date(b.changed_at).getTime() || Number(a.version) - Number(b.version));
    for (let i = 1; i < changed.length; i++) expect(Number(changed[i]!.version)).toBeGreaterThan(Number(changed[i - 1]!.version));
    const reasons = histories.map((h) => h.reason);
    expect(reasons.some((r) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(r))).toBe(true);
    expect(reasons.some((r) => /^[\x20-\x7e]+$/.test(r))).toBe(true);
  });

  it("fraudulent links were verified by PIN only", async () => {
    const links = await rows<{ verification: string; holder_name_kana: string; email: string; wallet_registered: string; linked_at: string }>(
      ctx.handle.db,
      sql`select la.verification, la.holder_name_kana, w.email, w.registered_at::text as wallet_registered, la.linked_at::text
        from ${STORY_CASES} c join linked_accounts la on la.id = c.linked_account_id join wallets w on w.id = la.wallet_id`,
    );
    expect(links).toHaveLength(120);
    for (const l of links) {
      expect(l.verification).toBe("pin_only");
      expect(l.holder_name_kana).toMatch(KATAKANA_NAME);
      expect(l.email).toMatch(/@(sutemail|tmpbox|10minmail|kieru-mail)\.example$/);
      expect(new Date(l.wallet_registered).getTime()).toBeLessThan(new Date(l.linked_at).getTime());
    }
    // One wallet per case, one link per wallet.
    const distinct = await numbers(ctx.handle.db, sql`select count(distinct la.wallet_id)::int as wallets from ${STORY_CASES} c join linked_accounts la on la.id = c.linked_account_id`);
    expect(distinct.wallets).toBe(120);
  });

  it("the ring's links share a handful of devices and addresses across banks; every ordinary customer links from a device and an address of their own", async () => {
    const ring = await numbers<"links" | "devices" | "addresses" | "banks_per_device">(
      ctx.handle.db,
      sql`select count(*)::int as links, count(distinct la.device_id)::int as devices, count(distinct la.ip_address)::int as addresses,
        (select min(n)::int from (select count(distinct l2.bank_id) as n from linked_accounts l2 join ${STORY_CASES} c2 on c2.linked_account_id = l2.id group by l2.device_id) d) as banks_per_device
        from ${STORY_CASES} c join linked_accounts la on la.id = c.linked_account_id`,
    );
    expect(ring.links).toBe(120);
    expect(ring.devices).toBeGreaterThanOrEqual(4);
    expect(ring.devices).toBeLessThanOrEqual(10);
    expect(ring.addresses).toBeLessThanOrEqual(6);
    expect(ring.banks_per_device).toBeGreaterThanOrEqual(2);
    const ordinary = await numbers<"links" | "without" | "shared_devices" | "shared_addresses" | "ring_overlap">(
      ctx.handle.db,
      sql`with o as (select la.* from linked_accounts la where not exists (select 1 from cases c where c.linked_account_id = la.id and c.source = 'seed'))
        select count(*)::int as links, count(*) filter (where device_id is null or ip_address is null)::int as without,
          (select count(*)::int from (select device_id from o group by device_id having count(distinct wallet_id) > 1) x) as shared_devices,
          (select count(*)::int from (select ip_address from o group by ip_address having count(distinct wallet_id) > 1) x) as shared_addresses,
          (select count(*)::int from o join linked_accounts r on r.device_id = o.device_id or r.ip_address = o.ip_address
            join cases c on c.linked_account_id = r.id and c.source = 'seed') as ring_overlap
        from o`,
    );
    expect(ordinary.links).toBeGreaterThan(0);
    expect(ordinary).toMatchObject({ without: 0, shared_devices: 0, shared_addresses: 0, ring_overlap: 0 });
  });

  it("fraudulent spending is mostly at convenience stores and home-appliance shops", async () => {
    const s = await numbers<"total" | "stores" | "unnamed">(
      ctx.handle.db,
      sql`select sum(t.amount_yen)::bigint as total,
        coalesce(sum(t.amount_yen) filter (where t.merchant_category in ('convenience_store', 'home_appliances')), 0)::bigint as stores,
        count(*) filter (where t.merchant_name is null)::int as unnamed
      from case_transactions ct join ${STORY_CASES} c on c.id = ct.case_id join transactions t on t.id = ct.transaction_id where t.kind = 'payment'`,
    );
    expect(s.stores / s.total).toBeGreaterThan(0.7);
    expect(s.unnamed).toBe(0);
    const names = await rows<{ merchant_name: string }>(ctx.handle.db, sql`select distinct t.merchant_name from case_transactions ct join ${STORY_CASES} c on c.id = ct.case_id join transactions t on t.id = ct.transaction_id where t.kind = 'payment' limit 5`);
    for (const n of names) expect(n.merchant_name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // The category rollup of the story's days says the same.
    const r = await numbers(ctx.handle.db, sql`select sum(fraud_payments_yen)::bigint as total from daily_category_rollups where day <= ${STORY_DAY}`);
    expect(r.total).toBe(s.total);
  });

  it("each case's linked charges add up to its loss", async () => {
    const mismatches = await rows<{ reference: string }>(
      ctx.handle.db,
      sql`select c.reference from ${STORY_CASES} c
        left join (
          select ct.case_id, sum(t.amount_yen) as charged, count(*) filter (where t.linked_account_id <> c2.linked_account_id) as foreign_link
          from case_transactions ct join transactions t on t.id = ct.transaction_id join cases c2 on c2.id = ct.case_id
          where t.kind = 'charge' group by ct.case_id
        ) x on x.case_id = c.id
        where x.charged is distinct from c.loss_yen or c.loss_yen <> c.confirmed_loss_yen or x.foreign_link > 0`,
    );
    expect(mismatches).toEqual([]);
    // Payments spent what was charged, and every case has its timeline. (The reimbursements of the
    // programme after the story, db/seed/reimbursements.ts, are the only later entries, by their makers and managers.)
    const t = await numbers(
      ctx.handle.db,
      sql`select
        (select sum(t.amount_yen)::bigint from case_transactions ct join ${STORY_CASES} c on c.id = ct.case_id join transactions t on t.id = ct.transaction_id where t.kind = 'payment') as spent,
        (select count(*)::int from ${STORY_CASES} c where not exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'opened')) as unopened,
        (select count(*)::int from case_events e join ${STORY_CASES} c on c.id = e.case_id join users u on u.id = e.actor_id where u.email not like 'investigator%@carrier.demo' and e.kind::text not like 'reimbursement%') as other_actors,
        (select count(*)::int from ${STORY_CASES} c join users u on u.id = c.assignee_id where u.email not like 'investigator%@carrier.demo') as other_assignees,
        (select count(*)::int from case_events e join ${STORY_CASES} c on c.id = e.case_id where kind = 'outcome_set' and body->>'to' = 'confirmed_fraud') as confirmations,
        (select count(*)::int from case_events e join ${STORY_CASES} c on c.id = e.case_id where at > ${fromJst("2020-09-14 16:00")} and e.kind::text not like 'reimbursement%') as late_events`,
    );
    expect(t).toEqual({ spent: 25_420_000, unopened: 0, other_actors: 0, other_assignees: 0, confirmations: 120, late_events: 0 });
  });

  it("no link created after its bank's registrations suspension and no charge after its bank's charge suspension", async () => {
    const v = await numbers(
      ctx.handle.db,
      // The story's own transactions (the recent days after it obey the controls as they are now: population.test.ts).
      sql`with story_tx as (select * from transactions where occurred_at <= ${STORY_END}),
        first_change as (
          select bank_id, control, to_state, min(changed_at) as at from control_changes group by bank_id, control, to_state
        )
        select
          (select count(*)::int from linked_accounts la join first_change f on f.bank_id = la.bank_id
            and f.control = 'registrations' and f.to_state = 'suspended' where la.linked_at >= f.at) as links_after_suspension,
          (select count(*)::int from linked_accounts la join first_change f on f.bank_id = la.bank_id
            and f.control = 'registrations' and f.to_state = 'strong_only' where la.linked_at >= f.at and la.verification = 'pin_only') as pin_links_after_strong,
          (select count(*)::int from story_tx t join first_change f on f.bank_id = t.bank_id
            and f.control = 'charges' and f.to_state = 'suspended' where t.kind = 'charge' and t.occurred_at >= f.at) as charges_after_suspension,
          (select count(*)::int from story_tx t join linked_accounts la on la.id = t.linked_account_id join first_change f on f.bank_id = t.bank_id
            and f.control = 'charges' and f.to_state = 'strong_only' where t.kind = 'charge' and t.occurred_at >= f.at and la.verification = 'pin_only') as pin_charges_after_strong,
          (select count(*)::int from transactions t join linked_accounts la on la.id = t.linked_account_id where t.occurred_at < la.linked_at) as before_link,
          (select count(*)::int from transactions where (occurred_at > ${fromJst("2020-09-14 16:00")} and occurred_at < now() - interval '9 days') or occurred_at < ${fromJst("2019-04-01 00:00")}) as out_of_range,
          (select count(*)::int from transactions t where t.kind = 'charge' and t.occurred_at >= ${fromJst("2020-09-09 00:00")}) as late_charges`,
    );
    expect(v).toMatchObject({ links_after_suspension: 0, pin_links_after_strong: 0, charges_after_suspension: 0, pin_charges_after_strong: 0, before_link: 0, out_of_range: 0 });
    // The platform kept charging at the banks that were still open.
    expect(v.late_charges).toBeGreaterThan(0);
  });

  it("daily rollups add up to the seeded rows, by Japan-time day", async () => {
    const r = await numbers(
      ctx.handle.db,
      sql`select
        (select sum(charges_count)::bigint from daily_bank_rollups) as charges,
        (select count(*)::int from transactions where kind = 'charge') as charge_rows,
        (select sum(charges_yen)::bigint from daily_bank_rollups) as charges_yen,
        (select sum(amount_yen)::bigint from transactions where kind = 'charge') as charge_yen_rows,
        (select sum(new_links)::bigint from daily_bank_rollups) as links,
        (select count(*)::int from linked_accounts) as link_rows,
        (select sum(cases_opened)::bigint from daily_bank_rollups where day <= ${STORY_DAY}) as cases,
        (select sum(fraud_loss_yen)::bigint from daily_bank_rollups where day <= ${STORY_DAY}) as loss,
        (select sum(cases_opened)::bigint from daily_bank_rollups) as all_cases,
        (select count(*)::int from cases) as case_rows,
        (select sum(cases_opened)::int from daily_bank_rollups where day = (select (min(opened_at) at time zone 'Asia/Tokyo')::date from cases)) as first_day_cases`,
    );
    expect(r.charges).toBe(r.charge_rows);
    expect(r.charges_yen).toBe(r.charge_yen_rows);
    expect(r.links).toBe(r.link_rows);
    // The story's days hold its 120 cases; the live queue's are on the recent days.
    expect(r.cases).toBe(120);
    expect(r.all_cases).toBe(r.case_rows);
    expect(r.loss).toBe(25_420_000);
    expect(r.first_day_cases).toBe(1);
  });

  it("the story's 85 control changes are in the audit log at their historical times, by their people, in chain order, and the chain verifies", async () => {
    const entries = await rows<{ seq: number; at: string; action: string; actor_label: string; entity_id: string; bank_code: string; org_code: string | null; request_id: string; before: unknown; after: unknown; user_email: string }>(
      ctx.handle.db,
      sql`select a.seq::int as seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, a.action, a.actor_label, a.entity_id, b.bank_code,
          coalesce(o.bank_code, o.kind::text) as org_code, a.request_id, a.before, a.after, u.email as user_email
        from audit_log a join organisations b on b.id = a.bank_id left join organisations o on o.id = a.org_id left join users u on u.id = a.actor_user_id
        where a.at < ${fromJst("2020-09-15 00:00")} order by a.seq`,
    );
    const history = await rows<{ at: string; bank_code: string; control: string; from_state: string; to_state: string; reason: string; email: string }>(
      ctx.handle.db,
      sql`select to_char(cc.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, o.bank_code, cc.control, cc.from_state, cc.to_state, cc.reason, u.email
        from control_changes cc join organisations o on o.id = cc.bank_id join users u on u.id = cc.changed_by order by cc.changed_at, o.bank_code, cc.control`,
    );
    expect(history).toHaveLength(85);
    expect(entries).toHaveLength(85);
    const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;
    entries.forEach((e, i) => {
      const h = history[i]!;
      expect(e).toMatchObject({ at: h.at, action: "control.tightened", actor_label: h.email, user_email: h.email, entity_id: `${h.bank_code}:${h.control}`, bank_code: h.bank_code, request_id: "seed:story-2020" });
      // The person's own organisation: the carrier, or the bank itself.
      expect(e.org_code === "carrier" || e.org_code === h.bank_code).toBe(true);
      expect(json(e.before)).toMatchObject({ state: h.from_state });
      expect(json(e.after)).toMatchObject({ state: h.to_state, reason: h.reason });
    });
    // Chained in the order they happened, before anything else in the log; the last at Monday 16:00 JST.
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => entries[0]!.seq + i));
    expect(entries.at(-1)!.at).toBe(STORY_END.toISOString().replace(".000", ""));
    const [firstSeq] = await rows<{ seq: number }>(ctx.handle.db, sql`select min(seq)::int as seq from audit_log`);
    expect(Number(firstSeq!.seq)).toBe(Number(entries[0]!.seq));
    // The carrier's bulk suspension of 10 September says so, as a live one would.
    const bulk = entries.filter((e) => json(e.after).bulk !== undefined);
    expect(bulk.length).toBeGreaterThan(1);
    expect(new Set(bulk.map((e) => e.at)).size).toBe(1);
    const result = await verifyChain(ctx.handle.db);
    expect(result).toMatchObject({ ok: true, checked: 86 });
  });

  it("an auditor finds the incident in the audit log: newest first by default, the September 2020 changes by date and action filter, a bank's auditor only their bank's", async () => {
    const [carrier] = await rows<{ id: string }>(ctx.handle.db, sql`select id from organisations where kind = 'carrier'`);
    const [bank] = await rows<{ id: string }>(ctx.handle.db, sql`select id from organisations where bank_code = '0101'`);
    const auditor = staff(carrier!.id, "carrier", ["auditor"], "auditor@carrier.demo");
    const newest = await listAudit(auditor, {});
    expect(newest.items[0]!.action).toBe("seed.demo_data");
    const filters = auditFilters.parse({ action: "control.", from: "2020-09-04", to: "2020-09-14" });
    const first = await listAudit(auditor, filters);
    expect(first.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.items[0]).toMatchObject({ action: "control.tightened", at: STORY_END.toISOString() });
    const second = await listAudit(auditor, filters, first.nextCursor!);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all).toHaveLength(85);
    const times = all.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.at(-1)!.at >= fromJst("2020-09-04 00:00").toISOString()).toBe(true);
    // One day: Friday 4 September, the first tightenings.
    const friday = await listAudit(auditor, auditFilters.parse({ from: "2020-09-04", to: "2020-09-04" }));
    expect(friday.items.length).toBeGreaterThan(0);
    expect(friday.items.every((e) => e.action === "control.tightened" && (e.after as { state: string }).state === "strong_only")).toBe(true);
    // A bank's auditor sees the entries about their bank, whoever made them.
    const bankAuditor = staff(bank!.id, "bank", ["auditor"], "auditor@bank0101.demo");
    const own = await listAudit(bankAuditor, filters);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((e) => e.bankCode === "0101")).toBe(true);
    expect(own.items.length).toBe(all.filter((e) => e.bankCode === "0101").length);
  });

  it("the seed writes one audit entry with the figures", async () => {
    const entries = await rows<{ action: string; actor_label: string; request_id: string; after: unknown }>(
      ctx.handle.db,
      sql`select action, actor_label, request_id, after from audit_log where action = 'seed.demo_data'`,
    );
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e.actor_label).toBe("system:seed");
    expect(e.request_id).toBe("system");
    const after = (typeof e.after === "string" ? JSON.parse(e.after) : e.after) as Record<string, unknown>;
    expect(after).toMatchObject({ scale: TEST_SCALE, banks: 35, registrationsSuspended: 35, chargesSuspended: 27, confirmedCases: 120, banksWithCases: 11, lossYen: 25_420_000 });
  });
});
