import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { readSeedFigures } from "@/db/seed/figures";
import { RULE_CODES } from "@/db/seed/live-queue";
import { describeEachDb } from "../support/db";
import { STORY_CASES, numbers, rows } from "./support";

/** The e2e scale: the live queue at full size (the seed tests' 0.02 offers fewer links). */
const SCALE = 0.05;
const NOW = new Date();
const LIVE = sql`(select c.* from cases c where c.incident_id is null)`;

describeEachDb("demo seed: the live queue around the story", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: SCALE, now: NOW });
  });

  it("the live queue looks like a working Monday: every status and outcome, 60–150 open, overdue, due within 24 h, snoozed, assigned and unassigned, at banks 0101 and 0108", async () => {
    const by = await rows<{ status: string; outcome: string | null; n: number }>(
      ctx.handle.db,
      sql`select status, outcome, count(*)::int as n from ${LIVE} c group by 1, 2 order by 1, 2`,
    );
    const key = (r: { status: string; outcome: string | null }) => (r.outcome ? `${r.status}:${r.outcome}` : r.status);
    expect(by.map(key)).toEqual(expect.arrayContaining(["new", "triage", "investigating", "closed:confirmed_fraud", "closed:not_fraud", "closed:inconclusive"]));
    const f = await numbers(
      ctx.handle.db,
      sql`select
        count(*) filter (where status <> 'closed')::int as open,
        count(*) filter (where status <> 'closed' and due_at < ${NOW})::int as overdue,
        count(*) filter (where status <> 'closed' and due_at >= ${NOW} and due_at < ${new Date(NOW.getTime() + 24 * 3_600_000)})::int as due_soon,
        count(*) filter (where status <> 'closed' and snoozed_until > ${NOW})::int as snoozed,
        count(*) filter (where status <> 'closed' and assignee_id is null)::int as unassigned,
        count(*) filter (where status <> 'closed' and assignee_id is not null)::int as assigned,
        count(*) filter (where source = 'manual')::int as manual,
        count(distinct source) filter (where source <> 'manual')::int as rules,
        count(*) filter (where source not in ('manual', ${sql.join(RULE_CODES.map((r) => sql`${r}`), sql`, `)}))::int as other_sources,
        count(*) filter (where o.bank_code = '0101')::int as bank0101,
        count(*) filter (where o.bank_code = '0108')::int as bank0108,
        count(distinct c.bank_id)::int as banks,
        count(*) filter (where hits > 1)::int as reported_again
      from ${LIVE} c join organisations o on o.id = c.bank_id`,
    );
    expect(f.open).toBeGreaterThanOrEqual(60);
    expect(f.open).toBeLessThanOrEqual(150);
    for (const k of ["overdue", "due_soon", "snoozed", "unassigned", "assigned", "manual", "bank0101", "bank0108", "reported_again"] as const) expect(f[k], k).toBeGreaterThan(0);
    expect(f.rules).toBeGreaterThanOrEqual(2);
    expect(f.other_sources).toBe(0);
    expect(f.banks).toBeGreaterThan(5);
    // The demo investigators, the carrier's and the banks', each have cases; a bank's only its own bank's.
    const people = await rows<{ email: string; n: number; foreign: number }>(
      ctx.handle.db,
      sql`select u.email, count(*)::int as n, count(*) filter (where org.kind = 'bank' and org.id <> c.bank_id)::int as foreign
        from ${LIVE} c join users u on u.id = c.assignee_id join organisations org on org.id = u.org_id group by 1 order by 1`,
    );
    expect(people.map((p) => p.email)).toEqual(
      expect.arrayContaining(["investigator@carrier.demo", "investigator2@carrier.demo", "investigator@bank0101.demo", "investigator@bank0108.demo"]),
    );
    expect(people.every((p) => p.foreign === 0 && p.email.startsWith("investigator"))).toBe(true);
  });

  it("one open case per link, on the recent days' traffic, none on the story's links", async () => {
    const f = await numbers(
      ctx.handle.db,
      sql`select
        (select count(*)::int from cases where status <> 'closed') as open,
        (select count(distinct linked_account_id)::int from cases where status <> 'closed') as open_links,
        (select count(distinct linked_account_id)::int from ${LIVE} c) as live_links,
        (select count(*)::int from ${LIVE} c) as live,
        (select count(*)::int from ${LIVE} c where exists (select 1 from ${STORY_CASES} s where s.linked_account_id = c.linked_account_id)) as on_story_links,
        (select count(*)::int from ${LIVE} c where not exists (select 1 from transactions t where t.linked_account_id = c.linked_account_id and t.occurred_at > ${new Date(NOW.getTime() - 8 * 86_400_000)})) as without_traffic`,
    );
    expect(f.open).toBe(f.open_links);
    expect(f.live).toBe(f.live_links);
    expect(f).toMatchObject({ on_story_links: 0, without_traffic: 0 });
  });

  it("each case's timeline is what the workflow writes: opened first, versions one per change, status, outcome, assignee, snooze and loss as its events say", async () => {
    const cases = await rows<{
      reference: string; status: string; outcome: string | null; version: number; assignee_id: string | null; snoozed_until: string | null;
      loss_yen: string | number; confirmed_loss_yen: string | number; opened_at: string; closed_at: string | null; last_activity_at: string; due_at: string; severity: string; hits: number;
      events: { kind: string; version: number; at: string; body: Record<string, unknown> }[]; marks: { fraudulent: boolean; amount: number; own: boolean }[];
    }>(
      ctx.handle.db,
      sql`select c.reference, c.status, c.outcome, c.version, c.assignee_id, c.snoozed_until::text, c.loss_yen, c.confirmed_loss_yen, c.opened_at::text,
          c.closed_at::text, c.last_activity_at::text, c.due_at::text, c.severity, c.hits,
          (select json_agg(json_build_object('kind', e.kind, 'version', e.version, 'at', e.at, 'body', e.body) order by e.version, e.at, e.kind) from case_events e where e.case_id = c.id) as events,
          (select coalesce(json_agg(json_build_object('fraudulent', ct.fraudulent, 'amount', t.amount_yen, 'own', t.linked_account_id = c.linked_account_id)), '[]'::json)
            from case_transactions ct join transactions t on t.id = ct.transaction_id where ct.case_id = c.id) as marks
        from ${LIVE} c`,
    );
    const sla: Record<string, number> = { critical: 24, high: 72, medium: 120, low: 240 };
    for (const c of cases) {
      const ev = typeof c.events === "string" ? JSON.parse(c.events) : c.events;
      const marks = (typeof c.marks === "string" ? JSON.parse(c.marks) : c.marks) as typeof c.marks;
      const where = c.reference;
      expect(ev[0], where).toMatchObject({ kind: "opened", version: 1 });
      expect(new Date(ev[0].at).getTime(), where).toBe(new Date(c.opened_at).getTime());
      expect(Math.max(...ev.map((e: { version: number }) => e.version)), where).toBe(c.version);
      expect(new Set(ev.map((e: { version: number }) => e.version)).size, where).toBe(c.version);
      const last = ev[ev.length - 1];
      expect(new Date(last.at).getTime(), where).toBe(new Date(c.last_activity_at).getTime());
      expect(new Date(last.at).getTime(), where).toBeLessThanOrEqual(NOW.getTime());
      const statuses = ev.filter((e: { kind: string }) => e.kind === "status_changed");
      expect(statuses.at(-1)?.body.to ?? "new", where).toBe(c.status);
      const outcome = ev.filter((e: { kind: string }) => e.kind === "outcome_set").at(-1)?.body.to ?? null;
      expect(outcome, where).toBe(c.outcome);
      expect(c.closed_at !== null, where).toBe(c.status === "closed");
      const assigned = ev.filter((e: { kind: string }) => e.kind === "assigned").at(-1)?.body.to ?? null;
      expect(assigned, where).toBe(c.assignee_id);
      if (c.snoozed_until) expect(last.kind, where).toBe("snoozed");
      expect(c.hits, where).toBe(1 + ev.filter((e: { kind: string; body: { reportedAgain?: boolean } }) => e.kind === "rule_hit" && e.body.reportedAgain).length);
      expect(new Date(c.due_at).getTime() - new Date(c.opened_at).getTime(), where).toBe(sla[c.severity]! * 3_600_000);
      // The loss is the sum of the transactions marked fraudulent, all of the case's link.
      const loss = marks.filter((m) => m.fraudulent).reduce((s, m) => s + Number(m.amount), 0);
      expect(Number(c.loss_yen), where).toBe(loss);
      expect(marks.every((m) => m.own), where).toBe(true);
      expect(ev.filter((e: { kind: string }) => e.kind === "transaction_marked")).toHaveLength(marks.length);
      if (c.outcome === "confirmed_fraud") {
        expect(marks.some((m) => m.fraudulent), where).toBe(true);
        expect(Number(c.confirmed_loss_yen), where).toBe(loss);
      } else expect(Number(c.confirmed_loss_yen), where).toBe(0);
      if (c.status === "investigating" || c.status === "closed") expect(statuses.length, where).toBeGreaterThan(0);
    }
    const notes = cases.flatMap((c) => (typeof c.events === "string" ? JSON.parse(c.events) : c.events)).filter((e: { kind: string }) => e.kind === "note");
    expect(notes.length).toBeGreaterThan(0);
  });

  it("the story's figures are unchanged beside it: INC-2020-001 holds 120 closed confirmed cases, ¥25,420,000 at 11 banks; the seed's audit entry says so and counts the live queue", async () => {
    const s = await numbers(
      ctx.handle.db,
      sql`select count(*)::int as cases, count(*) filter (where status = 'closed' and outcome = 'confirmed_fraud')::int as confirmed,
        sum(confirmed_loss_yen)::bigint as loss, count(distinct bank_id)::int as banks from ${STORY_CASES} c`,
    );
    expect(s).toEqual({ cases: 120, confirmed: 120, loss: 25_420_000, banks: 11 });
    const figures = await readSeedFigures(ctx.handle.db);
    expect(figures).toMatchObject({ confirmedCases: 120, banksWithCases: 11, lossYen: 25_420_000 });
    const live = await numbers(ctx.handle.db, sql`select count(*)::int as n, count(*) filter (where status <> 'closed')::int as open from ${LIVE} c`);
    expect(figures).toMatchObject({ liveCases: live.n, openCases: live.open });
    // The live references are numbered apart from the story's.
    const refs = await rows<{ reference: string }>(ctx.handle.db, sql`select reference from ${LIVE} c order by opened_at, id`);
    expect(refs.every((r) => /^C-\d{4}-\d{4}$/.test(r.reference) && !r.reference.startsWith("C-2019-") && !r.reference.startsWith("C-2020-"))).toBe(true);
  });
});
