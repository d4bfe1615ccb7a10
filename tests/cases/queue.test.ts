import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import type { StaffActor } from "@/lib/auth/actor";
import { listCases } from "@/lib/cases/list";
import { caseListQuery, type CaseListItem, type CasePage } from "@/lib/cases/schemas";
import { AppError } from "@/lib/errors";
import { InvalidCursor } from "@/lib/http/cursor";
import { NOW, type Fixture, buildFixture } from "../accounts/support";
import { describeEachDb } from "../support/db";
import { addQueueCases, allCases, DAY, ordered, QUEUE_INCIDENT, type CaseRow, type QueueWorld } from "./queue-support";

/** The investigators' queue: scope, every filter, every sort, and keyset pages that neither repeat nor skip a case. */
describeEachDb("cases: the queue (GET /api/v1/cases)", (ctx) => {
  let fx: Fixture;
  let world: QueueWorld;
  let rows: CaseRow[];
  let carrier: StaffActor;
  let bankA: StaffActor;
  const bankOf = new Map<string, string>();

  const list = (actor: StaffActor, q: Record<string, string> = {}): Promise<CasePage> => listCases(actor, caseListQuery.parse({ limit: "200", ...q }), { now: NOW });
  const ids = (p: CasePage) => p.items.map((i) => i.id);
  const open = (r: CaseRow) => r.status !== "closed";
  const awake = (r: CaseRow) => !r.snoozedUntil || r.snoozedUntil <= NOW;
  const due = (r: CaseRow) => r.dueAt.getTime();

  /** Every page of a query, following nextCursor. */
  async function walk(actor: StaffActor, q: Record<string, string>, limit: number): Promise<CaseListItem[]> {
    const out: CaseListItem[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 200; guard++) {
      const page = await listCases(actor, caseListQuery.parse({ ...q, limit: String(limit), ...(cursor ? { cursor } : {}) }), { now: NOW });
      out.push(...page.items);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error("too many pages");
  }

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    world = await addQueueCases(ctx.handle.db as Db, fx);
    rows = await allCases(ctx.handle.db as Db);
    carrier = await fx.actor("investigator@carrier.demo");
    bankA = await fx.actor("operator@bank0101.demo");
    for (const [code, id] of fx.orgIds) bankOf.set(id, code);
  });

  it("by default lists the open, unsnoozed cases of every bank to the carrier, due first, each with its id, reference, bank code and status", async () => {
    const page = await list(carrier);
    expect(ids(page)).toEqual(ordered(rows.filter((r) => open(r) && awake(r)), due, "asc"));
    expect(page.matching).toEqual({ count: page.items.length, capped: false });
    const first = page.items[0]!;
    const row = rows.find((r) => r.id === first.id)!;
    expect(first).toMatchObject({ reference: row.reference, bankCode: bankOf.get(row.bankId), status: row.status });
    expect(first.accountNumberMasked).toMatch(/^\*{4}\d{4}$/);
    expect(first.holderName).toMatch(/^[\u30A0-\u30FF\uFF65-\uFF9F\s]+$/);
  });

  it("a bank's staff see their bank's cases only, and naming another bank is 422 unknown_bank", async () => {
    const page = await list(bankA, { status: "all", snoozed: "include" });
    const a = fx.orgIds.get("0101")!;
    expect(ids(page).sort()).toEqual(rows.filter((r) => r.bankId === a).map((r) => r.id).sort());
    expect(page.items.every((i) => i.bankCode === "0101")).toBe(true);
    const refused = await list(bankA, { bank: "0108" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).fields).toEqual({ bank: { code: "unknown_bank" } });
    const unknown = await list(carrier, { bank: "9999" }).catch((e: unknown) => e);
    expect((unknown as AppError).fields).toEqual({ bank: { code: "unknown_bank" } });
    const b = await list(carrier, { bank: "0108", status: "all", snoozed: "include" });
    expect(ids(b).sort()).toEqual(rows.filter((r) => r.bankId === fx.orgIds.get("0108")).map((r) => r.id).sort());
  });

  it("filters by several statuses, by outcome and by severity", async () => {
    const two = await list(carrier, { status: "new,triage", snoozed: "include" });
    expect(ids(two).sort()).toEqual(rows.filter((r) => r.status === "new" || r.status === "triage").map((r) => r.id).sort());
    const confirmed = await list(carrier, { status: "closed", outcome: "confirmed_fraud" });
    expect(ids(confirmed).sort()).toEqual(rows.filter((r) => r.outcome === "confirmed_fraud" && awake(r)).map((r) => r.id).sort());
    const severe = await list(carrier, { severity: "critical,high", status: "all", snoozed: "include" });
    expect(ids(severe).sort()).toEqual(rows.filter((r) => r.severity === "critical" || r.severity === "high").map((r) => r.id).sort());
    expect(caseListQuery.safeParse({ status: "new,bogus" }).success).toBe(false);
  });

  it("filters by assignee: me, unassigned, a person", async () => {
    const mine = await list(carrier, { assignee: "me" });
    expect(ids(mine).sort()).toEqual(rows.filter((r) => open(r) && awake(r) && r.assigneeId === world.investigatorId).map((r) => r.id).sort());
    const nobody = await list(carrier, { assignee: "unassigned" });
    expect(ids(nobody).sort()).toEqual(rows.filter((r) => open(r) && awake(r) && r.assigneeId === null).map((r) => r.id).sort());
    const theirs = await list(carrier, { assignee: world.investigator2Id.toUpperCase() });
    expect(ids(theirs).sort()).toEqual(rows.filter((r) => open(r) && awake(r) && r.assigneeId === world.investigator2Id).map((r) => r.id).sort());
    expect(caseListQuery.safeParse({ assignee: "someone" }).success).toBe(false);
  });

  it("filters by incident, by id or by reference; an unknown incident is 422 unknown_incident", async () => {
    const expected = rows.filter((r) => r.incidentId === world.incidentId && awake(r)).map((r) => r.id).sort();
    expect(ids(await list(carrier, { incident: QUEUE_INCIDENT.toLowerCase(), status: "all" })).sort()).toEqual(expected);
    expect(ids(await list(carrier, { incident: world.incidentId, status: "all" })).sort()).toEqual(expected);
    const refused = await list(carrier, { incident: "INC-1999-999" }).catch((e: unknown) => e);
    expect((refused as AppError).fields).toEqual({ incident: { code: "unknown_incident" } });
  });

  it("filters by SLA state (overdue, due within 24 h; open cases only) and by loss range", async () => {
    const overdue = await list(carrier, { sla: "overdue", status: "all" });
    expect(ids(overdue).sort()).toEqual(rows.filter((r) => open(r) && awake(r) && due(r) < NOW.getTime()).map((r) => r.id).sort());
    expect(overdue.items.length).toBeGreaterThan(0);
    const soon = await list(carrier, { sla: "due_24h" });
    expect(ids(soon).sort()).toEqual(rows.filter((r) => open(r) && awake(r) && due(r) >= NOW.getTime() && due(r) < NOW.getTime() + DAY).map((r) => r.id).sort());
    expect(soon.items.length).toBeGreaterThan(0);
    const range = await list(carrier, { lossMin: "10000", lossMax: "20000", status: "all" });
    expect(ids(range).sort()).toEqual(rows.filter((r) => awake(r) && r.lossYen >= 10_000 && r.lossYen <= 20_000).map((r) => r.id).sort());
    expect(caseListQuery.safeParse({ lossMin: "5", lossMax: "4" }).error?.issues[0]?.message).toBe("max_below_min");
  });

  it("hides snoozed cases unless asked: include lists them too, only lists them alone; a snooze that has run out does not hide", async () => {
    const snoozed = rows.filter((r) => open(r) && r.snoozedUntil && r.snoozedUntil > NOW);
    expect(snoozed.length).toBeGreaterThan(0);
    const hidden = await list(carrier);
    expect(ids(hidden).some((id) => snoozed.some((s) => s.id === id))).toBe(false);
    expect(ids(await list(carrier, { snoozed: "only" })).sort()).toEqual(snoozed.map((r) => r.id).sort());
    expect(ids(await list(carrier, { snoozed: "include" })).sort()).toEqual(rows.filter(open).map((r) => r.id).sort());
    const ranOut = rows.find((r) => open(r) && r.snoozedUntil && r.snoozedUntil <= NOW);
    expect(ranOut).toBeDefined();
    expect(ids(hidden)).toContain(ranOut!.id);
  });

  it("searches by reference, holder name in either katakana width, e-mail and wallet id", async () => {
    const ref = rows.find((r) => r.reference === "C-2026-9005")!;
    expect(ids(await list(carrier, { q: "c-2026-9005", status: "all", snoozed: "include" }))).toEqual([ref.id]);
    expect(ids(await list(carrier, { q: "Ｃ－２０２６－９００", status: "all", snoozed: "include" })).sort()).toEqual(rows.filter((r) => r.reference.startsWith("C-2026-900")).map((r) => r.id).sort());
    const withCase = (bank: string, i: number) => fx.byBank(bank)[i]!;
    const link = withCase("0101", 12);
    const family = link.holder.split(" ")[0]!;
    const byName = await list(carrier, { q: family, status: "all", snoozed: "include" });
    expect(ids(byName)).toContain(rows.find((r) => r.linkedAccountId === link.id)!.id);
    // The same name typed in half-width katakana finds the same cases.
    const half = await list(carrier, { q: toHalfWidth(family), status: "all", snoozed: "include" });
    expect(ids(half).sort()).toEqual(ids(byName).sort());
    const byEmail = await list(carrier, { q: link.email.toUpperCase(), status: "all", snoozed: "include" });
    expect(ids(byEmail)).toEqual([rows.find((r) => r.linkedAccountId === link.id)!.id]);
    const byWallet = await list(carrier, { q: link.walletId, status: "all", snoozed: "include" });
    expect(ids(byWallet)).toEqual([rows.find((r) => r.linkedAccountId === link.id)!.id]);
    // A bank's staff do not find another bank's case by its reference.
    const other = rows.find((r) => r.bankId === fx.orgIds.get("0108"))!;
    expect(ids(await list(bankA, { q: other.reference, status: "all", snoozed: "include" }))).toEqual([]);
  });

  it.each([
    ["due", "asc", (r: CaseRow) => r.dueAt.getTime()],
    ["due", "desc", (r: CaseRow) => r.dueAt.getTime()],
    ["loss", "desc", (r: CaseRow) => r.lossYen],
    ["loss", "asc", (r: CaseRow) => r.lossYen],
    ["opened", "asc", (r: CaseRow) => r.openedAt.getTime()],
    ["opened", "desc", (r: CaseRow) => r.openedAt.getTime()],
    ["activity", "desc", (r: CaseRow) => r.lastActivityAt.getTime()],
    ["activity", "asc", (r: CaseRow) => r.lastActivityAt.getTime()],
  ] as const)("sort %s %s: pages of 4 follow the cursors through ties without repeating or skipping a case", async (sort, order, value) => {
    const q = { sort, order, status: "all", snoozed: "include" };
    const walked = await walk(carrier, q, 4);
    expect(walked.map((i) => i.id)).toEqual(ordered(rows, value, order));
    // And back: the page before the second page is the first.
    const first = await listCases(carrier, caseListQuery.parse({ ...q, limit: "4" }), { now: NOW });
    const second = await listCases(carrier, caseListQuery.parse({ ...q, limit: "4", cursor: first.nextCursor! }), { now: NOW });
    const back = await listCases(carrier, caseListQuery.parse({ ...q, limit: "4", cursor: second.prevCursor! }), { now: NOW });
    expect(ids(back)).toEqual(ids(first));
    expect(back.prevCursor).toBeNull();
  });

  it("each sort has its natural direction by default (loss: largest first)", async () => {
    const page = await list(carrier, { sort: "loss", status: "all", snoozed: "include" });
    expect(ids(page)).toEqual(ordered(rows, (r) => r.lossYen, "desc"));
  });

  it("a cursor of another sort, or one it did not give out, is refused (invalid_cursor)", async () => {
    const first = await listCases(carrier, caseListQuery.parse({ limit: "2" }), { now: NOW });
    const wrong = await listCases(carrier, caseListQuery.parse({ limit: "2", sort: "loss", cursor: first.nextCursor! }), { now: NOW }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidCursor);
    expect((wrong as InvalidCursor).fields).toEqual({ cursor: { code: "cursor_sort" } });
    await expect(listCases(carrier, caseListQuery.parse({ cursor: "bm9wZQ" }), { now: NOW })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it("outstanding is the confirmed (or current) loss less what was reimbursed", async () => {
    const page = await list(carrier, { status: "closed", outcome: "confirmed_fraud", snoozed: "include" });
    const withLoss = page.items.find((i) => i.lossYen > 0)!;
    expect(withLoss.outstandingYen).toBe(withLoss.lossYen - withLoss.reimbursedYen);
    expect(withLoss.reimbursedYen).toBeGreaterThan(0);
  });
});

/** Full-width katakana to half-width (the way some bank systems send names). */
function toHalfWidth(s: string): string {
  const map: Record<string, string> = {
    ア: "ｱ", イ: "ｲ", ウ: "ｳ", エ: "ｴ", オ: "ｵ", カ: "ｶ", キ: "ｷ", ク: "ｸ", ケ: "ｹ", コ: "ｺ", サ: "ｻ", シ: "ｼ", ス: "ｽ", セ: "ｾ", ソ: "ｿ",
    タ: "ﾀ", チ: "ﾁ", ツ: "ﾂ", テ: "ﾃ", ト: "ﾄ", ナ: "ﾅ", ニ: "ﾆ", ヌ: "ﾇ", ネ: "ﾈ", ノ: "ﾉ", ハ: "ﾊ", ヒ: "ﾋ", フ: "ﾌ", ヘ: "ﾍ", ホ: "ﾎ",
    マ: "ﾏ", ミ: "ﾐ", ム: "ﾑ", メ: "ﾒ", モ: "ﾓ", ヤ: "ﾔ", ユ: "ﾕ", ヨ: "ﾖ", ラ: "ﾗ", リ: "ﾘ", ル: "ﾙ", レ: "ﾚ", ロ: "ﾛ", ワ: "ﾜ", ン: "ﾝ",
    ガ: "ｶﾞ", ギ: "ｷﾞ", グ: "ｸﾞ", ゲ: "ｹﾞ", ゴ: "ｺﾞ", ザ: "ｻﾞ", ジ: "ｼﾞ", ズ: "ｽﾞ", ゼ: "ｾﾞ", ゾ: "ｿﾞ", ダ: "ﾀﾞ", デ: "ﾃﾞ", ド: "ﾄﾞ",
    バ: "ﾊﾞ", ビ: "ﾋﾞ", ブ: "ﾌﾞ", ベ: "ﾍﾞ", ボ: "ﾎﾞ",
  };
  return [...s].map((c) => map[c] ?? c).join("");
}
