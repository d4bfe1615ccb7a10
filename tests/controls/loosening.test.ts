import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { bankControls, controlChangeRequests, decisionCounters } from "@/db/schema";
import {
  applyDueRequests,
  approveRequest,
  cancelRequest,
  editRequest,
  history,
  listControls,
  listRequests,
  rejectRequest,
  requestLoosening,
  tighten,
} from "@/lib/controls/service";
import { CURSOR_ERROR, encodeCursor } from "@/lib/http/cursor";
import { describeEachDb } from "../support/db";
import { auditEntries, controlRow, controlsFixture, historyRows, OTHER_BANK, OWN_BANK, thrown, type ControlsFixture } from "./fixtures";

/** A schedule far enough ahead that a slow machine never reaches it by itself. */
const inAnHour = () => new Date(Date.now() + 3_600_000);

describeEachDb("loosening a control: a request and a second person", (ctx) => {
  let f: ControlsFixture;

  /**
   * The scheduled time arrives: the approved request's time moves to just now (instead of the test
   * sleeping until a time a loaded machine may pass before the approval is even written).
   */
  async function timePasses(requestId: string): Promise<Date> {
    const at = new Date(Date.now() - 1);
    await f.db.update(controlChangeRequests).set({ scheduledFor: at }).where(eq(controlChangeRequests.id, requestId));
    return at;
  }
  beforeAll(async () => {
    f = await controlsFixture(ctx.handle.db);
  });

  async function suspend(code: string, control: "registrations" | "charges" = "charges") {
    const manager = await f.actor("manager@carrier.demo");
    await tighten(manager, code, { control, toState: "suspended", reason: "Set up for the test", confirmBankCode: code });
  }

  it("a bank operator's loosening waits (nothing changes) until a carrier manager approves it; then it is applied, with the approver in the history and the audit log", async () => {
    await suspend(OWN_BANK);
    const operator = await f.actor("operator@bank0101.demo");
    const request = await requestLoosening(operator, { bankCode: OWN_BANK, control: "charges", toState: "open", reason: "Fraud wave contained" });
    expect(request).toMatchObject({ status: "pending", revision: 1, currentState: "suspended", toState: "open", requestedByOrg: "bank" });
    expect((await controlRow(f.db, f.bankId(OWN_BANK), "charges")).state).toBe("suspended");

    // The bank's own manager is not the second person for a bank's request: the carrier is.
    const bankManager = await f.actor("manager@bank0101.demo");
    const asSeenByBankManager = (await listControls(bankManager)).banks[0]!.openRequests[0]!;
    expect(asSeenByBankManager.viewer).toMatchObject({ canApprove: false, approveBlockedBy: "needs_carrier" });
    expect((await thrown(approveRequest(bankManager, request.id, { revision: 1 }))).status).toBe(403);

    const carrierManager = await f.actor("manager@carrier.demo");
    const approved = await approveRequest(carrierManager, request.id, { revision: 1, note: "Checked with the bank" });
    expect(approved.status).toBe("applied");
    const row = await controlRow(f.db, f.bankId(OWN_BANK), "charges");
    expect(row.state).toBe("open");
    expect(row.changedBy).toBe(operator.userId);
    const [latest] = await historyRows(f.db, f.bankId(OWN_BANK));
    expect(latest).toMatchObject({ fromState: "suspended", toState: "open", changedBy: operator.userId, approvedBy: carrierManager.userId, requestId: request.id });
    const [audit] = await auditEntries(f.db, "control.loosened", f.bankId(OWN_BANK));
    expect(audit).toMatchObject({ actorUserId: carrierManager.userId, entityId: `${OWN_BANK}:charges` });

    const board = await listControls(operator);
    expect(board.banks[0]!.charges).toMatchObject({ state: "open", changedBy: { name: operator.displayName }, approvedBy: { name: carrierManager.displayName } });
    expect(board.banks[0]!.openRequests).toEqual([]);
  });

  it("the carrier's request about a bank is approved by that bank's manager (or another carrier manager), not by another bank's", async () => {
    await suspend(OWN_BANK, "registrations");
    await suspend(OTHER_BANK, "registrations");
    const carrierOperator = await f.actor("operator@carrier.demo");
    const own = await requestLoosening(carrierOperator, { bankCode: OWN_BANK, control: "registrations", toState: "strong_only", reason: "OTP is in place at 0101" });
    const other = await requestLoosening(carrierOperator, { bankCode: OTHER_BANK, control: "registrations", toState: "strong_only", reason: "OTP is in place at 0108" });

    const bank0101Manager = await f.actor("manager@bank0101.demo");
    // Another bank's request is not even visible to 0101's manager.
    expect((await thrown(approveRequest(bank0101Manager, other.id, { revision: 1 }))).status).toBe(404);
    expect((await approveRequest(bank0101Manager, own.id, { revision: 1 })).status).toBe("applied");
    expect((await controlRow(f.db, f.bankId(OWN_BANK), "registrations")).state).toBe("strong_only");

    const manager2 = await f.actor("manager2@carrier.demo");
    expect((await approveRequest(manager2, other.id, { revision: 1 })).status).toBe("applied");
    expect((await controlRow(f.db, f.bankId(OTHER_BANK), "registrations")).state).toBe("strong_only");
  });

  it("nobody approves their own request: not a manager, not an administrator who is also a manager", async () => {
    await suspend("0115");
    const manager = await f.actor("manager@carrier.demo");
    const own = await requestLoosening(manager, { bankCode: "0115", control: "charges", toState: "open", reason: "My own request" });
    expect(own.viewer).toMatchObject({ canApprove: false, approveBlockedBy: "own_request", canEdit: true, canCancel: true });
    const err = await thrown(approveRequest(manager, own.id, { revision: 1 }));
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/own request/);
    expect((await thrown(rejectRequest(manager, own.id, {}))).status).toBe(403);
    await cancelRequest(manager, own.id);

    const adminManager = await f.actor("admin-manager@carrier.demo");
    expect(adminManager.roles).toEqual(["admin", "manager"]);
    const adminOwn = await requestLoosening(adminManager, { bankCode: "0115", control: "charges", toState: "open", reason: "Admin asks for it" });
    expect((await thrown(approveRequest(adminManager, adminOwn.id, { revision: 1 }))).status).toBe(403);
    expect((await controlRow(f.db, f.bankId("0115"), "charges")).state).toBe("suspended");
    // Somebody else may.
    expect((await approveRequest(manager, adminOwn.id, { revision: 1 })).status).toBe("applied");
  });

  it("editing a pending request bumps its revision and voids approvals: approving the old revision is a conflict (409)", async () => {
    await suspend("0122");
    const operator = await f.actor("operator@carrier.demo");
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(operator, { bankCode: "0122", control: "charges", toState: "open", reason: "First wording" });
    const edited = await editRequest(operator, request.id, { revision: 1, toState: "strong_only", reason: "Only OTP links for now" });
    expect(edited).toMatchObject({ revision: 2, status: "pending", toState: "strong_only", reason: "Only OTP links for now" });

    const stale = await thrown(approveRequest(manager, request.id, { revision: 1 }));
    expect(stale.status).toBe(409);
    expect(stale.fields?.revision).toEqual({ code: "stale_revision", params: { current: 2 } });
    expect((await controlRow(f.db, f.bankId("0122"), "charges")).state).toBe("suspended");
    // A stale edit is a conflict too; only the requester edits.
    expect((await thrown(editRequest(operator, request.id, { revision: 1, reason: "Stale edit text" }))).status).toBe(409);
    expect((await thrown(editRequest(manager, request.id, { revision: 2, reason: "Not my request" }))).status).toBe(403);

    expect((await approveRequest(manager, request.id, { revision: 2 })).status).toBe("applied");
    expect((await controlRow(f.db, f.bankId("0122"), "charges")).state).toBe("strong_only");
    expect(await auditEntries(f.db, "control.loosening_request_edited", f.bankId("0122"))).toHaveLength(1);
  });

  it("editing an approved, scheduled request sends it back to pending: the approval is void", async () => {
    await suspend("0129");
    const operator = await f.actor("operator@carrier.demo");
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(operator, { bankCode: "0129", control: "charges", toState: "open", reason: "Reopen tomorrow", scheduledFor: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await approveRequest(manager, request.id, { revision: 1 })).status).toBe("approved");
    const edited = await editRequest(operator, request.id, { revision: 1, scheduledFor: new Date(Date.now() + 3_600_000) });
    expect(edited).toMatchObject({ status: "pending", revision: 2, decidedBy: null, decidedAt: null });
    const [audit] = await auditEntries(f.db, "control.loosening_request_edited", f.bankId("0129"));
    expect((audit!.after as { voidedApproval: boolean }).voidedApproval).toBe(true);
  });

  it("an API key with the 'controls' scope may request a loosening but never approve or reject one (403)", async () => {
    await suspend(OWN_BANK, "charges");
    const key = await f.key(OWN_BANK, ["controls"]);
    const request = await requestLoosening(key, { bankCode: OWN_BANK, control: "charges", toState: "open", reason: "Bank system: all clear" });
    expect(request.requestedBy).toMatchObject({ kind: "api_key", org: OWN_BANK });
    expect(request.requestedByOrg).toBe("bank");
    expect((await thrown(approveRequest(key, request.id, { revision: 1 }))).status).toBe(403);
    expect((await thrown(rejectRequest(key, request.id, {}))).status).toBe(403);
    // Its own bank only; a key without the scope may not request at all.
    expect((await thrown(requestLoosening(key, { bankCode: OTHER_BANK, control: "charges", toState: "open", reason: "Another bank" }))).status).toBe(404);
    const noScope = await f.key(OWN_BANK, ["decisions"]);
    expect((await thrown(requestLoosening(noScope, { bankCode: OWN_BANK, control: "registrations", toState: "open", reason: "No scope here" }))).status).toBe(403);

    // A bank key's request is the bank's request: the carrier approves it, and the history names the key.
    const manager = await f.actor("manager@carrier.demo");
    expect((await approveRequest(manager, request.id, { revision: 1 })).status).toBe("applied");
    const timeline = await history(manager, OWN_BANK, { limit: 5 });
    expect(timeline.entries[0]).toMatchObject({ kind: "change", toState: "open", by: { kind: "api_key" }, approvedBy: { name: manager.displayName } });
  });

  it("a bank operator cannot request a loosening at another bank (404), nor approve anything (403)", async () => {
    await suspend("0143");
    const operator = await f.actor("operator@bank0101.demo");
    expect((await thrown(requestLoosening(operator, { bankCode: "0143", control: "charges", toState: "open", reason: "Not my bank" }))).status).toBe(404);
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(manager, { bankCode: "0143", control: "charges", toState: "open", reason: "Carrier asks" });
    expect((await thrown(approveRequest(operator, request.id, { revision: 1 }))).status).toBe(403);
  });

  it("refuses a loosening that is not one (422 on toState), a second waiting request (409), and a schedule in the past (422 on scheduledFor)", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const open = await thrown(requestLoosening(manager, { bankCode: "0150", control: "charges", toState: "open", reason: "Already open" }));
    expect(open.status).toBe(422);
    expect(Object.keys(open.fields ?? {})).toEqual(["toState"]);
    await suspend("0150");
    await requestLoosening(manager, { bankCode: "0150", control: "charges", toState: "open", reason: "First request" });
    expect((await thrown(requestLoosening(manager, { bankCode: "0150", control: "charges", toState: "strong_only", reason: "Second request" }))).status).toBe(409);
    const past = await thrown(requestLoosening(manager, { bankCode: "0150", control: "registrations", toState: "open", reason: "In the past", scheduledFor: "2020-09-14T07:00:00Z" }));
    expect(Object.keys(past.fields ?? {})).toEqual(["scheduledFor"]);
  });

  it("a rejected request changes nothing and can no longer be approved", async () => {
    await suspend("0157");
    const request = await requestLoosening(await f.actor("operator@carrier.demo"), { bankCode: "0157", control: "charges", toState: "open", reason: "Please reopen" });
    const manager = await f.actor("manager@carrier.demo");
    const rejected = await rejectRequest(manager, request.id, { revision: 1, note: "Cases still open" });
    expect(rejected).toMatchObject({ status: "rejected", decisionNote: "Cases still open", decidedBy: { name: manager.displayName } });
    expect((await thrown(approveRequest(await f.actor("manager2@carrier.demo"), request.id, { revision: 1 }))).status).toBe(409);
    expect((await controlRow(f.db, f.bankId("0157"), "charges")).state).toBe("suspended");
  });

  it("a scheduled request is applied when due and not before", async () => {
    await suspend("0164");
    const operator = await f.actor("operator@carrier.demo");
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(operator, { bankCode: "0164", control: "charges", toState: "open", reason: "Reopen at the agreed time", scheduledFor: inAnHour() });
    const approved = await approveRequest(manager, request.id, { revision: 1 });
    expect(approved.status).toBe("approved");

    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 0, cancelled: 0 });
    expect((await controlRow(f.db, f.bankId("0164"), "charges")).state).toBe("suspended");
    // Reading the board before the time does not apply it either.
    const before = (await listControls(manager, { q: "0164" })).banks[0]!;
    expect(before.charges.state).toBe("suspended");
    expect(before.openRequests[0]).toMatchObject({ status: "approved", id: request.id });

    const at = await timePasses(request.id);
    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 1, cancelled: 0 });
    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 0, cancelled: 0 });
    const row = await controlRow(f.db, f.bankId("0164"), "charges");
    expect(row.state).toBe("open");
    expect(row.changedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
    const [latest] = await historyRows(f.db, f.bankId("0164"));
    expect(latest).toMatchObject({ toState: "open", changedBy: operator.userId, approvedBy: manager.userId, requestId: request.id });
    const [stored] = await f.db.select().from(controlChangeRequests).where(eq(controlChangeRequests.id, request.id));
    expect(stored!.status).toBe("applied");
    const [audit] = await auditEntries(f.db, "control.loosened", f.bankId("0164"));
    expect(audit!.actorLabel).toBe("system:control-scheduler");
  });

  it("reads never write: listing controls, a bank's history or the requests leaves a due scheduled loosening to the scheduler", async () => {
    await suspend("0171");
    const operator = await f.actor("operator@carrier.demo");
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(operator, { bankCode: "0171", control: "charges", toState: "strong_only", reason: "OTP-only charges from now", scheduledFor: inAnHour() });
    await approveRequest(manager, request.id, { revision: 1 });
    await timePasses(request.id);
    const audited = async () => (await auditEntries(f.db, "control.loosened", f.bankId("0171"))).length;

    const bank = (await listControls(manager, { q: "0171" })).banks[0]!;
    expect(bank.charges.state).toBe("suspended");
    expect(bank.openRequests).toMatchObject([{ id: request.id, status: "approved" }]);
    await history(manager, "0171", { limit: 50 });
    await listRequests(manager, { status: "all" });
    await listRequests(operator, { status: "open" });
    expect((await controlRow(f.db, f.bankId("0171"), "charges")).state).toBe("suspended");
    const [stored] = await f.db.select().from(controlChangeRequests).where(eq(controlChangeRequests.id, request.id));
    expect(stored!.status).toBe("approved");
    expect(await audited()).toBe(0);

    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 1, cancelled: 0 });
    expect((await listControls(manager, { q: "0171" })).banks[0]!).toMatchObject({ charges: { state: "strong_only" }, openRequests: [] });
    expect(await audited()).toBe(1);
  });

  it("a scheduled loosening the scheduler cancels (nothing left to loosen) is cancelled in the audit log too, by the scheduler", async () => {
    await suspend("0178");
    const operator = await f.actor("operator@carrier.demo");
    const manager = await f.actor("manager@carrier.demo");
    const request = await requestLoosening(operator, { bankCode: "0178", control: "charges", toState: "strong_only", reason: "OTP-only charges later", scheduledFor: inAnHour() });
    await approveRequest(manager, request.id, { revision: 1 });
    // Something outside the request path (an operator at the database, a future writer) opened the
    // control meanwhile: at the scheduled time there is nothing left to loosen.
    await f.db.update(bankControls).set({ state: "open" }).where(and(eq(bankControls.bankId, f.bankId("0178")), eq(bankControls.control, "charges")));
    await timePasses(request.id);

    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 0, cancelled: 1 });
    const [stored] = await f.db.select().from(controlChangeRequests).where(eq(controlChangeRequests.id, request.id));
    expect(stored).toMatchObject({ status: "cancelled", decisionNote: "Nothing to loosen at the scheduled time: the control was already open." });
    const [entry, ...more] = await auditEntries(f.db, "control.scheduled_loosening_cancelled", f.bankId("0178"));
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorLabel: "system:control-scheduler", entityType: "control_change_request", entityId: request.id });
    expect(entry!.before).toMatchObject({ status: "approved", toState: "strong_only", approvedBy: manager.userId });
    expect(entry!.after).toMatchObject({ status: "cancelled", currentState: "open" });
    expect(await auditEntries(f.db, "control.loosened", f.bankId("0178"))).toEqual([]);
    expect(await applyDueRequests(f.db)).toEqual({ ran: true, applied: 0, cancelled: 0 });
  });

  it("lists requests by status in the viewer's scope, newest first, with a keyset cursor", async () => {
    const carrier = await f.actor("manager@carrier.demo");
    const bank = await f.actor("operator@bank0101.demo");
    const all = await listRequests(carrier, { status: "all", limit: 200 });
    expect(all.requests.length).toBeGreaterThan(5);
    const times = all.requests.map((r) => r.requestedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRequests(carrier, { status: "all", limit: 3, cursor });
      paged.push(...page.requests.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.requests.map((r) => r.id));
    expect(await thrown(listRequests(carrier, { status: "all", cursor: "garbage" }))).toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: CURSOR_ERROR } } });
    const own = await listRequests(bank, { status: "all" });
    expect(own.requests.length).toBeGreaterThan(0);
    expect(own.requests.every((r) => r.bankCode === OWN_BANK)).toBe(true);
    expect((await listRequests(carrier, { status: "rejected" })).requests.every((r) => r.status === "rejected")).toBe(true);
  });

  it("the history of a bank is newest first, shows changes, requests and decisions, and pages by keyset without gaps or repeats", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const full = await history(manager, "0122", { limit: 200 });
    const kinds = full.entries.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["change", "requested", "approved"]));
    const times = full.entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await history(manager, "0122", { limit: 2, cursor });
      keys.push(...page.entries.map((e) => e.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(keys).toEqual(full.entries.map((e) => e.key));
    // A cursor this list did not give out, or one of another list (a page of requests): 422 invalid_cursor naming `cursor`.
    for (const cursor of ["garbage", encodeCursor([1])]) {
      expect(await thrown(history(manager, "0122", { cursor }))).toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: CURSOR_ERROR } } });
    }
  });

  it("the board counts attempts blocked since each control's last change, from the decision counters", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const code = "0178";
    const bankId = f.bankId(code);
    await f.db.insert(decisionCounters).values([
      // Before the change: not counted.
      { bankId, operation: "charge", outcome: "deny", bucketStart: new Date(Date.now() - 3_600_000), count: 50 },
    ]);
    await tighten(manager, code, { control: "charges", toState: "suspended", reason: "Count what it blocks", confirmBankCode: code });
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
    await f.db.insert(decisionCounters).values([
      { bankId, operation: "charge", outcome: "deny", bucketStart: minute, count: 7 },
      { bankId, operation: "charge", outcome: "deny", bucketStart: new Date(minute.getTime() + 60_000), count: 5 },
      { bankId, operation: "charge", outcome: "allow", bucketStart: minute, count: 100 },
      { bankId, operation: "link", outcome: "deny", bucketStart: minute, count: 3 },
    ]);
    const bank = (await listControls(manager, { q: code })).banks[0]!;
    expect(bank.charges.blockedSinceChange).toBe(12);
    // Registrations never changed: every denial of a link since the seed counts.
    expect(bank.registrations.blockedSinceChange).toBe(3);
  });

  it("filters the board by state and by bank name or code", async () => {
    const auditor = await f.actor("auditor@carrier.demo");
    const all = await listControls(auditor);
    expect(all.totalBanks).toBe(35);
    const suspended = await listControls(auditor, { charges: "suspended" });
    expect(suspended.banks.length).toBeGreaterThan(0);
    expect(suspended.banks.every((b) => b.charges.state === "suspended")).toBe(true);
    const notSuspended = await listControls(auditor, { charges: "not_suspended" });
    expect(notSuspended.banks.length + suspended.banks.length).toBe(35);
    expect((await listControls(auditor, { q: "hokusei" })).banks.map((b) => b.bankCode)).toEqual(["0108"]);
    expect((await listControls(auditor, { q: "北星" })).banks.map((b) => b.bankCode)).toEqual(["0108"]);
    expect(all.viewer).toMatchObject({ canTighten: false, canApprove: false, canBulkTighten: false });
  });

  it("the board's summary counts every bank in scope per state of each control, the attempts blocked and the loosenings waiting, whatever the filter", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const all = await listControls(manager);
    const count = (control: "registrations" | "charges", state: string) => all.banks.filter((b) => b[control].state === state).length;
    for (const control of ["registrations", "charges"] as const) {
      const s = all.summary[control];
      expect(s).toEqual({
        open: count(control, "open"),
        strong_only: count(control, "strong_only"),
        suspended: count(control, "suspended"),
        blocked: all.banks.reduce((sum, b) => sum + b[control].blockedSinceChange, 0),
      });
      expect(s.open + s.strong_only + s.suspended).toBe(35);
    }
    expect(all.summary.charges.suspended).toBeGreaterThan(0);
    expect(all.summary.charges.blocked).toBeGreaterThanOrEqual(12);
    const waiting = all.banks.flatMap((b) => b.openRequests);
    expect(all.summary.waiting).toBe(waiting.length);
    expect(all.summary.awaitingViewer).toBe(waiting.filter((r) => r.status === "pending" && r.viewer.canApprove).length);
    // A filter narrows the list, never the counts on top.
    expect((await listControls(manager, { q: "0178" })).summary).toEqual(all.summary);
    // A bank's staff count their own bank only.
    const own = (await listControls(await f.actor("operator@bank0101.demo"))).summary;
    expect(own.registrations.open + own.registrations.strong_only + own.registrations.suspended).toBe(1);
  });
});
