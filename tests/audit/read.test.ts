import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { CSV_COLUMNS, exportFileName, streamAuditCsv, EXPORT_PAGE_SIZE } from "@/lib/audit/export";
import { listAudit, AUDIT_PAGE_SIZE } from "@/lib/audit/query";
import { auditListQuery, type AuditFilters } from "@/lib/audit/schemas";
import { verifyForActor } from "@/lib/audit/verification";
import { recordAudit, writeAudit, type AuditSubject } from "@/lib/audit/write";
import { Forbidden, Invalid } from "@/lib/errors";
import { jstDay } from "@/lib/format";
import { CURSOR_ERROR, encodeCursor } from "@/lib/http/cursor";
import { describeEachDb } from "../support/db";
import { makeOrgs, staff, type TestOrgs, testAction, TEST_ENTITY } from "./support";

/** Every entry the actor can list under `filters`, following nextCursor to the end. */
async function listAll(actor: Actor, filters: AuditFilters) {
  const items = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listAudit(actor, filters, cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else {
      if (c === '"' || c === "\n" || c === "\r") throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (field || record.length) throw new Error("the last record does not end with CRLF");
  return records;
}

describeEachDb("reading the audit log", (ctx) => {
  let db: Db;
  let orgs: TestOrgs;
  let carrierAuditor: Actor;
  let carrierAdmin: Actor;
  let bankAAuditor: Actor;
  let bankAAdmin: Actor;
  let investigator: Actor;

  beforeAll(async () => {
    db = ctx.handle.db;
    orgs = await makeOrgs(db);
    carrierAuditor = staff(orgs.carrierId, "carrier", ["auditor"]);
    carrierAdmin = staff(orgs.carrierId, "carrier", ["admin"]);
    bankAAuditor = staff(orgs.bankA.id, "bank", ["auditor"]);
    bankAAdmin = staff(orgs.bankA.id, "bank", ["admin"]);
    investigator = staff(orgs.carrierId, "carrier", ["investigator"]);
  });

  /** A unique action prefix per test, so tests sharing the database do not see each other's entries. */
  const tag = () => `t${crypto.randomBytes(4).toString("hex")}`;

  it("a bank auditor sees only their organisation's and bank's entries; a carrier auditor sees all", async () => {
    const t = tag();
    const bankAStaff = staff(orgs.bankA.id, "bank", ["bank_operator"]);
    const bankBStaff = staff(orgs.bankB.id, "bank", ["bank_operator"]);
    const carrierStaff = staff(orgs.carrierId, "carrier", ["investigator"]);
    const anonymous: AuditSubject = { label: "who@unknown.test", request: { requestId: "r", ip: null } };
    await recordAudit(db, bankAStaff, { action: testAction(`${t}.by_bank_a`), entityType: TEST_ENTITY });
    await recordAudit(db, carrierStaff, { action: testAction(`${t}.carrier_about_bank_a`), entityType: TEST_ENTITY, bankId: orgs.bankA.id });
    await recordAudit(db, carrierStaff, { action: testAction(`${t}.carrier_about_bank_b`), entityType: TEST_ENTITY, bankId: orgs.bankB.id });
    await recordAudit(db, carrierStaff, { action: testAction(`${t}.carrier_only`), entityType: TEST_ENTITY });
    await recordAudit(db, bankBStaff, { action: testAction(`${t}.by_bank_b`), entityType: TEST_ENTITY, bankId: orgs.bankB.id });
    await recordAudit(db, anonymous, { action: testAction(`${t}.no_organisation`), entityType: "user" });

    const seen = async (a: Actor) => (await listAll(a, { action: testAction(`${t}.`) })).map((e) => e.action.slice(t.length + 1)).sort();
    expect(await seen(carrierAuditor)).toEqual(
      ["by_bank_a", "by_bank_b", "carrier_about_bank_a", "carrier_about_bank_b", "carrier_only", "no_organisation"].sort(),
    );
    expect(await seen(bankAAuditor)).toEqual(["by_bank_a", "carrier_about_bank_a"]);
    expect(await seen(bankAAdmin)).toEqual(["by_bank_a", "carrier_about_bank_a"]);
    // A carrier administrator: what the carrier's own staff did, nothing of the banks' staff, nothing anonymous.
    expect(await seen(carrierAdmin)).toEqual(["carrier_about_bank_a", "carrier_about_bank_b", "carrier_only"]);
    // A bank filter cannot widen a bank's scope.
    expect((await listAll(bankAAuditor, { action: testAction(`${t}.`), bank: orgs.bankB.code })).map((e) => e.action)).toEqual([]);
  });

  it("an investigator may not read the audit log", async () => {
    await expect(listAudit(investigator, {})).rejects.toBeInstanceOf(Forbidden);
    await expect(streamAuditCsv(investigator, {})).rejects.toBeInstanceOf(Forbidden);
    await expect(verifyForActor(investigator)).rejects.toBeInstanceOf(Forbidden);
  });

  it("only auditors may run the chain verification; an administrator may not", async () => {
    await expect(verifyForActor(carrierAdmin)).rejects.toBeInstanceOf(Forbidden);
    await expect(verifyForActor(bankAAdmin)).rejects.toBeInstanceOf(Forbidden);
  });

  it("pages of 50 by keyset reach every entry once, newest first, with no total", async () => {
    const t = tag();
    for (let i = 0; i < 120; i++) await recordAudit(db, investigator, { action: testAction(`${t}.n`), entityType: TEST_ENTITY, entityId: String(i) });
    const first = await listAudit(carrierAuditor, { action: t });
    expect(first.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.items[0]!.entityId).toBe("119");
    expect(first).not.toHaveProperty("total");
    const all = await listAll(carrierAuditor, { action: t });
    expect(all.map((e) => e.entityId)).toEqual(Array.from({ length: 120 }, (_, i) => String(119 - i)));
    const third = await listAudit(carrierAuditor, { action: t }, encodeCursor([all[99]!.seq]));
    expect(third.items).toHaveLength(20);
    expect(third.nextCursor).toBeNull();
  });

  it("filters by action prefix, actor, entity, bank and Japan-time dates", async () => {
    const t = tag();
    const alice = staff(orgs.carrierId, "carrier", ["manager"], `Alice.${t}@carrier.test`);
    await recordAudit(db, alice, { action: testAction(`${t}_x.suspended`), entityType: "bank_control", entityId: "c-1", bankId: orgs.bankA.id, after: { state: "suspended" } });
    await recordAudit(db, investigator, { action: testAction(`${t}_x.resumed`), entityType: "bank_control", entityId: "c-2", bankId: orgs.bankB.id });
    await recordAudit(db, investigator, { action: testAction(`${t}Ax.other`), entityType: "case", entityId: "c-1" });
    const actions = async (f: AuditFilters) => (await listAll(carrierAuditor, f)).map((e) => e.action).sort();

    // "_" is a literal in the prefix, not LIKE's any-character.
    expect(await actions({ action: testAction(`${t}_`) })).toEqual([`${t}_x.resumed`, `${t}_x.suspended`]);
    expect(await actions({ action: t, actor: `alice.${t.toUpperCase()}` })).toEqual([`${t}_x.suspended`]);
    expect(await actions({ action: t, entityType: "bank_control", entityId: "c-1" })).toEqual([`${t}_x.suspended`]);
    expect(await actions({ action: t, bank: orgs.bankB.code })).toEqual([`${t}_x.resumed`]);
    const today = jstDay(new Date());
    const yesterday = jstDay(new Date(Date.now() - 86_400_000));
    expect(await actions({ action: t, from: today, to: today })).toHaveLength(3);
    expect(await actions({ action: t, to: yesterday })).toEqual([]);
    expect(await actions({ action: t, from: jstDay(new Date(Date.now() + 86_400_000)) })).toEqual([]);
    const codes = new Set((await db.select({ code: organisations.bankCode }).from(organisations)).map((o) => o.code));
    const unknown = ["0000", "0001", "0002"].find((c) => !codes.has(c))!;
    await expect(listAudit(carrierAuditor, { bank: unknown })).rejects.toBeInstanceOf(Invalid);

    const [entry] = (await listAudit(carrierAuditor, { action: testAction(`${t}_x.suspended`) })).items;
    expect(entry).toMatchObject({ after: { state: "suspended" }, bankCode: orgs.bankA.code, orgNameEn: "Carrier", actorLabel: alice.email });
  });

  it("the list query rejects a malformed date or bank code and an end before the start; the list, a cursor it did not give out", async () => {
    const r = auditListQuery.safeParse({ from: "2020-02-30", to: "2020-09", bank: "12a4" });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(Object.keys(fields).sort()).toEqual(["bank", "from", "to"]);
    for (const cursor of ["1; drop", "120", encodeCursor([-1]), encodeCursor(["2026-01-01T00:00:00Z", "x"])]) {
      await expect(listAudit(carrierAuditor, {}, cursor), cursor).rejects.toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: CURSOR_ERROR } } });
    }
    const order = auditListQuery.safeParse({ from: "2020-09-14", to: "2020-09-13" });
    expect(order.error?.issues[0]).toMatchObject({ path: ["to"], message: "to_before_from" });
    expect(auditListQuery.parse({ action: "", actor: "  ", cursor: "" })).toEqual({});
  });

  it("reading the audit log writes no audit entry; an export and a verification each write one", async () => {
    const newest = async () => (await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0]?.seq;
    const start = await newest();
    await listAudit(carrierAuditor, {});
    await listAudit(bankAAuditor, { action: "auth." });
    expect(await newest()).toBe(start);

    await readAll(await streamAuditCsv(bankAAuditor, { action: "auth.", bank: orgs.bankA.code }));
    const [exported] = await db.select().from(auditLog).where(eq(auditLog.action, "audit.exported")).orderBy(desc(auditLog.seq)).limit(1);
    expect(exported).toMatchObject({ orgId: orgs.bankA.id, after: { action: "auth.", bank: orgs.bankA.code } });

    const result = await verifyForActor(bankAAuditor);
    expect(result.ok).toBe(true);
    const [verified] = await db.select().from(auditLog).where(eq(auditLog.action, "audit.verified")).orderBy(desc(auditLog.seq)).limit(1);
    expect(verified?.after).toMatchObject({ ok: true, checked: result.checked, firstBroken: null });
    expect(verified!.seq).toBeGreaterThan(exported!.seq);
  });

  it("CSV export quotes commas, quotes and newlines and has a BOM", async () => {
    const t = tag();
    const odd = staff(orgs.carrierId, "carrier", ["manager"], `=HYPERLINK("x"),${t}@carrier.test`);
    await recordAudit(db, odd, {
      action: testAction(`${t}.noted`),
      entityType: "case",
      entityId: 'id "quoted", with comma',
      after: { note: 'line one\r\nline "two", done', name: "ヤマダ タロウ" },
    });
    const bytes = await readAll(await streamAuditCsv(carrierAuditor, { action: t }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(records[0]).toHaveLength(CSV_COLUMNS.length);
    expect(records).toHaveLength(2);
    const row = Object.fromEntries(CSV_COLUMNS.map((k, i) => [k, records[1]![i]]));
    // A leading "=" would make a spreadsheet run the cell as a formula.
    expect(row.actor).toBe(`'=HYPERLINK("x"),${t}@carrier.test`);
    expect(row.entity_id).toBe('id "quoted", with comma');
    expect(JSON.parse(row.after!)).toEqual({ note: 'line one\r\nline "two", done', name: "ヤマダ タロウ" });
    expect(row.time_jst).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(new Date(row.time_utc!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(row.organisation).toBe("キャリア");
    expect(exportFileName(new Date("2020-09-14T15:30:00Z"))).toBe("audit-20200915.csv");
  });

  it("an export is in the reader's language: Japanese headers, actions and subject kinds by default, English for en; the JSON list keeps the codes", async () => {
    const t = tag();
    await recordAudit(db, staff(orgs.carrierId, "carrier", ["manager"]), { action: testAction(`${t}.noted`), entityType: "case", entityId: t });
    const read = async (locale?: "ja" | "en") => parseCsv((await readAll(await streamAuditCsv(carrierAuditor, { action: t }, locale))).subarray(3).toString("utf8"));
    const [ja, en] = [await read(), await read("en")];
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(ja[0]!.slice(0, 3)).toEqual(["記録番号", "日時（日本時間）", "日時（UTC）"]);
    expect(en[0]!.slice(0, 3)).toEqual(["Entry", "Time (Japan time)", "Time (UTC)"]);
    expect([ja[1]![col("entity_type")], ja[1]![col("organisation")]]).toEqual(["事案", "キャリア"]);
    expect(en[1]![col("entity_type")]).toBe("Case");
    expect(en[1]![col("organisation")]).not.toBe("キャリア");
    const exported = parseCsv((await readAll(await streamAuditCsv(carrierAuditor, { action: "audit.exported" }, "en"))).subarray(3).toString("utf8"));
    expect(exported[1]![col("action")]).toBe("Audit log exported");
    const listed = await listAudit(carrierAuditor, { action: t });
    expect(listed.items[0]).toMatchObject({ entityType: "case" });
  });

  it("an export streams every matching entry across internal pages, with no row cap", async () => {
    const t = tag();
    const count = EXPORT_PAGE_SIZE + 37;
    await db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await writeAudit(tx, investigator, { action: testAction(`${t}.bulk`), entityType: TEST_ENTITY, entityId: String(i) });
    });
    const records = parseCsv((await readAll(await streamAuditCsv(carrierAuditor, { action: t }))).subarray(3).toString("utf8"));
    expect(records).toHaveLength(count + 1);
    expect(records[1]![10]).toBe(String(count - 1));
    expect(records.at(-1)![10]).toBe("0");
  });
});
