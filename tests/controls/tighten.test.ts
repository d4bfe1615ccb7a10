import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { bankControls, controlChangeRequests, controlChanges } from "@/db/schema";
import { errorToResponse } from "@/lib/http/problem";
import { bulkTighten, listControls, requestLoosening, tighten } from "@/lib/controls/service";
import { describeEachDb } from "../support/db";
import { auditEntries, controlRow, controlsFixture, historyRows, OTHER_BANK, OWN_BANK, thrown, type ControlsFixture } from "./fixtures";

describeEachDb("tightening a bank's controls", (ctx) => {
  let f: ControlsFixture;
  beforeAll(async () => {
    f = await controlsFixture(ctx.handle.db);
  });

  it("a bank operator suspends charges at their bank at once: new state, next version, a history entry and an audit entry", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const bankId = f.bankId(OWN_BANK);
    const before = await controlRow(f.db, bankId, "charges");
    const result = await tighten(operator, OWN_BANK, { control: "charges", toState: "suspended", reason: "Fraudulent charges reported", confirmBankCode: OWN_BANK });

    expect(result).toMatchObject({ bankCode: OWN_BANK, control: "charges", fromState: "open", toState: "suspended" });
    const after = await controlRow(f.db, bankId, "charges");
    expect(after.state).toBe("suspended");
    expect(after.version).toBe(result.version);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.changedBy).toBe(operator.userId);
    expect(after.reason).toBe("Fraudulent charges reported");
    expect(after.changedAt.getTime()).toBeGreaterThan(before.changedAt.getTime());

    const [entry] = await historyRows(f.db, bankId);
    expect(entry).toMatchObject({ control: "charges", fromState: "open", toState: "suspended", changedBy: operator.userId, reason: "Fraudulent charges reported" });
    const audits = await auditEntries(f.db, "control.tightened", bankId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: operator.userId, entityType: "bank_control", entityId: `${OWN_BANK}:charges` });
    expect(audits[0]!.after).toMatchObject({ state: "suspended", version: result.version });

    // The board shows it: state, by whom, why.
    const board = await listControls(operator);
    expect(board.banks).toHaveLength(1);
    expect(board.banks[0]!.charges).toMatchObject({ state: "suspended", reason: "Fraudulent charges reported", version: result.version, changedBy: { name: operator.displayName } });
  });

  it("every change takes a new, higher version, across banks", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const a = await tighten(manager, "0115", { control: "registrations", toState: "strong_only", reason: "Bankers' association demand", confirmBankCode: "0115" });
    const b = await tighten(manager, "0122", { control: "registrations", toState: "strong_only", reason: "Bankers' association demand", confirmBankCode: "0122" });
    const c = await tighten(manager, "0115", { control: "registrations", toState: "suspended", reason: "Escalated after more cases", confirmBankCode: "0115" });
    expect(b.version).toBeGreaterThan(a.version);
    expect(c.version).toBeGreaterThan(b.version);
    expect(c.fromState).toBe("strong_only");
  });

  it("refuses a confirmation that is not the bank code with a 422 naming confirmBankCode, and changes nothing", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const before = await controlRow(f.db, f.bankId(OWN_BANK), "registrations");
    const err = await thrown(tighten(operator, OWN_BANK, { control: "registrations", toState: "suspended", reason: "Testing the confirmation", confirmBankCode: "0110" }));
    expect(err.status).toBe(422);
    expect(Object.keys(err.fields ?? {})).toEqual(["confirmBankCode"]);
    const response = errorToResponse(err, "req-1");
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { errors: Record<string, unknown> }).errors.confirmBankCode).toEqual({ code: "confirm_bank_code", params: { bankCode: "0101" } });
    expect(await controlRow(f.db, f.bankId(OWN_BANK), "registrations")).toEqual(before);
  });

  it("requires a reason of at least a few characters", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const err = await thrown(tighten(operator, OWN_BANK, { control: "registrations", toState: "suspended", reason: "  no ", confirmBankCode: OWN_BANK }));
    const response = errorToResponse(err, "req-2");
    expect(response.status).toBe(422);
    expect(Object.keys(((await response.json()) as { errors: Record<string, string> }).errors)).toEqual(["reason"]);
  });

  it("a bank operator cannot touch another bank: its code is not found (404), and nothing changes there", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const before = await controlRow(f.db, f.bankId(OTHER_BANK), "charges");
    const err = await thrown(tighten(operator, OTHER_BANK, { control: "charges", toState: "suspended", reason: "Not my bank at all", confirmBankCode: OTHER_BANK }));
    expect(err.status).toBe(404);
    expect(await controlRow(f.db, f.bankId(OTHER_BANK), "charges")).toEqual(before);
    const history = await thrown(
      (await import("@/lib/controls/service")).history(operator, OTHER_BANK),
    );
    expect(history.status).toBe(404);
  });

  it("a bank operator cannot loosen directly: moving towards open is refused (422 on toState) and needs a request", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const err = await thrown(tighten(operator, OWN_BANK, { control: "charges", toState: "open", reason: "Back to normal please", confirmBankCode: OWN_BANK }));
    expect(err.status).toBe(422);
    expect(Object.keys(err.fields ?? {})).toEqual(["toState"]);
    expect((await controlRow(f.db, f.bankId(OWN_BANK), "charges")).state).toBe("suspended");
  });

  it("tightening to the state the control already has is a conflict (409)", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    const err = await thrown(tighten(operator, OWN_BANK, { control: "charges", toState: "suspended", reason: "Suspend it again", confirmBankCode: OWN_BANK }));
    expect(err.status).toBe(409);
  });

  it("roles without controls.tighten (investigator, auditor, admin) are refused with 403", async () => {
    for (const email of ["investigator@bank0101.demo", "auditor@carrier.demo", "admin@carrier.demo"]) {
      const actor = await f.actor(email);
      const err = await thrown(tighten(actor, OWN_BANK, { control: "registrations", toState: "suspended", reason: "Should not be allowed", confirmBankCode: OWN_BANK }));
      expect(err.status, email).toBe(403);
    }
  });

  it("a tightening cancels the loosening still waiting for the same control, and leaves the other control's request alone", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const code = "0136";
    await tighten(manager, code, { control: "registrations", toState: "strong_only", reason: "OTP only for now", confirmBankCode: code });
    await tighten(manager, code, { control: "charges", toState: "suspended", reason: "Suspicious charges", confirmBankCode: code });
    const registrations = await requestLoosening(manager, { bankCode: code, control: "registrations", toState: "open", reason: "OTP rollout complete" });
    const charges = await requestLoosening(manager, { bankCode: code, control: "charges", toState: "open", reason: "Investigation closed" });

    const change = await tighten(manager, code, { control: "registrations", toState: "suspended", reason: "New wave of fraud", confirmBankCode: code });

    expect(change.cancelledRequests).toBe(1);
    const rows = await f.db.select().from(controlChangeRequests).where(inArray(controlChangeRequests.id, [registrations.id, charges.id]));
    expect(rows.find((r) => r.id === registrations.id)).toMatchObject({ status: "cancelled", decidedBy: manager.userId });
    expect(rows.find((r) => r.id === charges.id)).toMatchObject({ status: "pending" });
    const [audit] = await auditEntries(f.db, "control.tightened", f.bankId(code)).then((a) => a.filter((e) => (e.after as { reason: string }).reason === "New wave of fraud"));
    expect((audit!.after as { cancelledRequests: string[] }).cancelledRequests).toEqual([registrations.id]);
  });
});

describeEachDb("bulk tightening", (ctx) => {
  let f: ControlsFixture;
  beforeAll(async () => {
    f = await controlsFixture(ctx.handle.db);
  });

  it("only carrier staff with controls.tighten may tighten many banks at once", async () => {
    const bankManager = await f.actor("manager@bank0101.demo");
    expect((await thrown(bulkTighten(bankManager, { bankCodes: [OWN_BANK], control: "registrations", toState: "suspended", reason: "Bank staff try bulk", confirmCount: 1 }))).status).toBe(403);
    const auditor = await f.actor("auditor@carrier.demo");
    expect((await thrown(bulkTighten(auditor, { bankCodes: "all", control: "registrations", toState: "suspended", reason: "Auditor tries bulk", confirmCount: 35 }))).status).toBe(403);
  });

  it("refuses a confirmation that is not the number of banks (422 on confirmCount) and unknown bank codes (422 on bankCodes)", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const wrong = await thrown(bulkTighten(manager, { bankCodes: "all", control: "registrations", toState: "suspended", reason: "All banks, wrong count", confirmCount: 34 }));
    expect(wrong.status).toBe(422);
    expect(wrong.fields?.confirmCount).toEqual({ code: "confirm_count", params: { count: 35 } });
    const unknown = await thrown(bulkTighten(manager, { bankCodes: ["0101", "9999"], control: "registrations", toState: "suspended", reason: "One code is unknown", confirmCount: 2 }));
    expect(unknown.status).toBe(422);
    expect(unknown.fields?.bankCodes).toEqual({ code: "unknown_bank_codes", params: { codes: expect.stringContaining("9999") } });
  });

  it("is all or nothing: when one bank's change fails, no bank changes", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const victim = f.bankId("0199");
    // A real failure inside the transaction: the history insert for one bank raises.
    await f.db.execute(
      sql.raw(`create or replace function fail_for_one_bank() returns trigger as $$ begin
        if new.bank_id = '${victim}' then raise exception 'forced failure for the test'; end if; return new; end; $$ language plpgsql`),
    );
    await f.db.execute(sql.raw(`create trigger fail_for_one_bank before insert on control_changes for each row execute function fail_for_one_bank()`));
    const before = await f.db.select().from(bankControls).where(eq(bankControls.control, "registrations"));
    try {
      await expect(bulkTighten(manager, { bankCodes: "all", control: "registrations", toState: "suspended", reason: "Suspend registrations everywhere", confirmCount: 35 })).rejects.toThrow();
    } finally {
      await f.db.execute(sql.raw(`drop trigger fail_for_one_bank on control_changes`));
    }
    const after = await f.db.select().from(bankControls).where(eq(bankControls.control, "registrations"));
    expect(after).toEqual(before);
    expect(await f.db.select().from(controlChanges)).toHaveLength(0);
    expect(await auditEntries(f.db, "control.tightened")).toHaveLength(0);
  });

  it("suspends registrations at all 35 banks in one transaction, and the result lists each bank", async () => {
    const manager = await f.actor("manager@carrier.demo");
    // One bank got there first: it is listed as already suspended, and keeps its own reason.
    await tighten(manager, "0108", { control: "registrations", toState: "suspended", reason: "Hokusei acted first", confirmBankCode: "0108" });
    const result = await bulkTighten(manager, { bankCodes: "all", control: "registrations", toState: "suspended", reason: "All 35 banks: stop new links", confirmCount: "35" as unknown as number });

    expect(result.banks).toHaveLength(35);
    expect(result.changed).toBe(34);
    expect(result.unchanged).toBe(1);
    expect(result.banks.find((b) => b.bankCode === "0108")).toMatchObject({ outcome: "already", state: "suspended" });
    expect(result.banks.filter((b) => b.outcome === "changed").every((b) => b.fromState === "open" && b.state === "suspended")).toBe(true);

    const rows = await f.db.select().from(bankControls).where(eq(bankControls.control, "registrations"));
    expect(rows.every((r) => r.state === "suspended")).toBe(true);
    expect(new Set(rows.map((r) => r.version)).size).toBe(35);
    const changedRows = rows.filter((r) => r.reason === "All 35 banks: stop new links");
    expect(changedRows).toHaveLength(34);
    // One transaction: one changed_at for all of them.
    expect(new Set(changedRows.map((r) => r.changedAt.toISOString())).size).toBe(1);
    expect(await f.db.select().from(controlChanges).where(eq(controlChanges.reason, "All 35 banks: stop new links"))).toHaveLength(34);
    expect(await auditEntries(f.db, "control.tightened")).toHaveLength(35);
  });

  it("tightens charges at chosen banks only, never loosening a stricter one", async () => {
    const manager = await f.actor("manager@carrier.demo");
    await tighten(manager, "0115", { control: "charges", toState: "suspended", reason: "Already suspended here", confirmBankCode: "0115" });
    const result = await bulkTighten(manager, { bankCodes: ["0115", "0122", "0129"], control: "charges", toState: "strong_only", reason: "OTP only for charges", confirmCount: 3 });
    expect(result.banks.map((b) => [b.bankCode, b.outcome, b.state])).toEqual([
      ["0115", "already", "suspended"],
      ["0122", "changed", "strong_only"],
      ["0129", "changed", "strong_only"],
    ]);
    const rows = await f.db
      .select({ bankId: bankControls.bankId, state: bankControls.state })
      .from(bankControls)
      .where(and(eq(bankControls.control, "charges"), inArray(bankControls.bankId, [f.bankId("0136")])));
    expect(rows[0]!.state).toBe("open");
  });
});
