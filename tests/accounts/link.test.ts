import { and, desc, eq, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, caseEvents, cases, linkedAccounts, transactions } from "@/db/schema";
import { openCaseFromLink } from "@/lib/accounts/open-case";
import { linkListQuery, linkTransactionsQuery } from "@/lib/accounts/schemas";
import { freezeLink, getLink, listLinks, listLinkTransactions, unfreezeLink } from "@/lib/accounts/service";
import { streamLinksCsv } from "@/lib/accounts/export";
import type { Actor } from "@/lib/auth/actor";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { describeEachDb } from "../support/db";
import { buildFixture, NOW, readAll, RING_ACCOUNT, RING_WALLET, type Fixture } from "./support";

describeEachDb("one linked account", (ctx) => {
  let db: Db;
  let fx: Fixture;
  let carrierInvestigator: Actor;
  let bankAOperator: Actor;
  let bankAInvestigator: Actor;
  let bankBOperator: Actor;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    carrierInvestigator = await fx.actor("investigator@carrier.demo");
    bankAOperator = await fx.actor("operator@bank0101.demo");
    bankAInvestigator = await fx.actor("investigator@bank0101.demo");
    bankBOperator = await fx.actor("operator@bank0108.demo");
  });

  const ring = () => fx.links.find((l) => l.walletId === RING_WALLET && l.bankCode === "0101")!;

  describe("detail and related links", () => {
    it("a carrier investigator sees the ring across banks: same wallet, same e-mail (any case) and same account", async () => {
      const d = await getLink(carrierInvestigator, ring().id, { now: NOW });
      expect(d.link.id).toBe(ring().id);
      expect(d.link.accountNumberMasked).toBe(`****${RING_ACCOUNT.number.slice(-4)}`);
      expect(d.wallet).toMatchObject({ id: RING_WALLET, email: ring().email });
      const byBank = Object.fromEntries(d.related.map((r) => [r.bankCode, r]));
      expect(d.related.map((r) => r.bankCode).sort()).toEqual(["0101", "0108", "0115"]);
      expect(byBank["0108"]).toMatchObject({ sameWallet: true, sameEmail: true, sameAccount: false });
      expect(byBank["0115"]).toMatchObject({ sameWallet: false, sameEmail: true, sameAccount: false });
      expect(byBank["0101"]).toMatchObject({ sameWallet: false, sameEmail: false, sameAccount: true });
      expect(d.related.some((r) => r.id === ring().id)).toBe(false);
      expect(d.link.charges7d).toEqual({ count: 1, yen: 200_000 });
    });

    it("a bank's staff see only the related links at their own bank", async () => {
      const d = await getLink(bankAOperator, ring().id, { now: NOW });
      expect(d.related.map((r) => r.bankCode)).toEqual(["0101"]);
    });

    it("lists the link's cases, open and closed, each with its outcome (none while open)", async () => {
      const withCases = fx.links.find((l) => l.bankCode === "0101" && l.openCases === 1 && l.linkedAt.getTime() > 0 && l.holder !== "")!;
      const d = await getLink(carrierInvestigator, withCases.id);
      expect(d.cases.length).toBeGreaterThanOrEqual(1);
      expect(d.link.openCases).toBe(withCases.openCases);
      for (const c of d.cases) {
        if (c.status === "closed") expect(["confirmed_fraud", "not_fraud", "inconclusive"]).toContain(c.outcome);
        else expect(c.outcome).toBeNull();
      }
    });

    it("another bank's link id, a missing id and a malformed id are all 'not found' on detail, transactions, freeze and open case", async () => {
      const other = fx.byBank("0108")[0]!;
      const ids = [other.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"];
      for (const id of ids) {
        await expect(getLink(bankAOperator, id)).rejects.toBeInstanceOf(NotFound);
        await expect(listLinkTransactions(bankAOperator, id, linkTransactionsQuery.parse({}))).rejects.toBeInstanceOf(NotFound);
        await expect(freezeLink(bankAOperator, id, "Suspicious charges seen")).rejects.toBeInstanceOf(NotFound);
        await expect(unfreezeLink(bankAOperator, id, "Suspicious charges seen")).rejects.toBeInstanceOf(NotFound);
        await expect(openCaseFromLink(bankAInvestigator, id)).rejects.toBeInstanceOf(NotFound);
      }
      const [row] = await db.select({ status: linkedAccounts.status }).from(linkedAccounts).where(eq(linkedAccounts.id, other.id));
      expect(row!.status).toBe(other.status);
    });
  });

  describe("transactions", () => {
    it("pages of 2 walk every transaction of the link once, newest first, including several at one instant", async () => {
      const link = fx.byBank("0108")[5]!;
      const at = new Date(NOW.getTime() - 3 * 86_400_000);
      await db.insert(transactions).values(
        Array.from({ length: 5 }, (_, i) => ({ kind: "payment" as const, walletId: link.walletId, linkedAccountId: link.id, bankId: fx.orgIds.get("0108")!, amountYen: 100 + i, occurredAt: at })),
      );
      const expected = await db
        .select({ id: transactions.id })
        .from(transactions)
        .where(eq(transactions.linkedAccountId, link.id))
        .orderBy(desc(transactions.occurredAt), sql`${transactions.id} desc`);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await listLinkTransactions(bankBOperator, link.id, linkTransactionsQuery.parse({ limit: "2", cursor }));
        seen.push(...page.items.map((t) => t.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expected.map((e) => e.id));
      expect(seen.length).toBeGreaterThanOrEqual(5);
    });
  });

  describe("freeze and unfreeze", () => {
    it("freezing and unfreezing change the status and each writes its audit entry with the reason", async () => {
      const link = fx.byBank("0101").find((l) => l.status === "active" && l.openCases === 0)!;
      const frozen = await freezeLink(bankAOperator, link.id, "Charges at night from a new wallet");
      expect(frozen).toMatchObject({ id: link.id, status: "frozen", previousStatus: "active" });
      const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, link.id), eq(auditLog.action, "link.frozen"))).orderBy(desc(auditLog.seq)).limit(1);
      expect(entry).toMatchObject({ bankId: fx.orgIds.get("0101"), actorUserId: (bankAOperator as { userId: string }).userId });
      expect(entry!.after).toMatchObject({ status: "frozen", reason: "Charges at night from a new wallet" });
      await expect(freezeLink(bankAOperator, link.id, "Again, by mistake")).rejects.toBeInstanceOf(Conflict);

      const released = await unfreezeLink(carrierInvestigator, link.id, "The customer confirmed the charges");
      expect(released).toMatchObject({ status: "active", previousStatus: "frozen" });
      const [back] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, link.id), eq(auditLog.action, "link.unfrozen")));
      expect(back!.after).toMatchObject({ status: "active", reason: "The customer confirmed the charges" });
    });

    it("when the audit entry cannot be written, the status does not change (one transaction)", async () => {
      const link = fx.byBank("0101").filter((l) => l.status === "active").at(-2)!;
      await db.execute(sql`create or replace function lg_test_refuse_audit() returns trigger language plpgsql as $$
        begin if new.after ->> 'reason' = 'REFUSE-AUDIT-PLEASE' then raise exception 'audit refused'; end if; return new; end $$`);
      await db.execute(sql`create trigger lg_test_refuse_audit before insert on audit_log for each row execute function lg_test_refuse_audit()`);
      try {
        await expect(freezeLink(bankAOperator, link.id, "REFUSE-AUDIT-PLEASE")).rejects.toThrow();
      } finally {
        await db.execute(sql`drop trigger lg_test_refuse_audit on audit_log`);
      }
      const [row] = await db.select({ status: linkedAccounts.status }).from(linkedAccounts).where(eq(linkedAccounts.id, link.id));
      expect(row!.status).toBe("active");
    });

    it("a removed link cannot be frozen or unfrozen (409)", async () => {
      const removed = fx.links.find((l) => l.status === "removed")!;
      await expect(freezeLink(carrierInvestigator, removed.id, "Suspicious charges seen")).rejects.toBeInstanceOf(Conflict);
      await expect(unfreezeLink(carrierInvestigator, removed.id, "Suspicious charges seen")).rejects.toBeInstanceOf(Conflict);
    });

    it("roles without accounts.freeze (manager, auditor) are refused, and nothing changes", async () => {
      const link = fx.byBank("0101").filter((l) => l.status === "active").at(-3)!;
      for (const email of ["manager@bank0101.demo", "auditor@bank0101.demo", "manager@carrier.demo", "auditor@carrier.demo"]) {
        await expect(freezeLink(await fx.actor(email), link.id, "Suspicious charges seen")).rejects.toBeInstanceOf(Forbidden);
      }
      const [row] = await db.select({ status: linkedAccounts.status }).from(linkedAccounts).where(eq(linkedAccounts.id, link.id));
      expect(row!.status).toBe("active");
    });
  });

  describe("open a case", () => {
    it("creates a new case at the link's bank with a C-year-number reference, an 'opened' event and an audit entry; a second report while it is open is added to it (one more hit, priority up), never a second open case", async () => {
      const link = fx.byBank("0108").find((l) => l.openCases === 0)!;
      const opened = await openCaseFromLink(carrierInvestigator, link.id, "Same e-mail as the ring");
      expect(opened.reference).toMatch(/^C-\d{4}-\d{4,}$/);
      expect(opened).toMatchObject({ status: "new", linkId: link.id, bankCode: "0108" });
      const [row] = await db.select().from(cases).where(eq(cases.id, opened.id));
      expect(row).toMatchObject({ bankId: fx.orgIds.get("0108"), linkedAccountId: link.id, status: "new" });
      const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, opened.id));
      expect(events.map((e) => e.kind)).toEqual(["opened"]);
      const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, opened.id), eq(auditLog.action, "case.opened")));
      expect(audit!.bankId).toBe(fx.orgIds.get("0108"));
      expect(opened.created).toBe(true);
      const again = await openCaseFromLink(carrierInvestigator, link.id, "Reported again by the bank");
      expect(again).toMatchObject({ id: opened.id, reference: opened.reference, created: false });
      const [raised] = await db.select().from(cases).where(eq(cases.id, opened.id));
      expect(raised).toMatchObject({ hits: 2, priority: 1, version: 2 });
      const openOnLink = await db.select({ id: cases.id }).from(cases).where(and(eq(cases.linkedAccountId, link.id), ne(cases.status, "closed")));
      expect(openOnLink).toHaveLength(1);

      const next = await openCaseFromLink(carrierInvestigator, fx.byBank("0108").filter((l) => l.openCases === 0)[1]!.id);
      const n = (ref: string) => Number(ref.split("-")[2]);
      expect(n(next.reference)).toBe(n(opened.reference) + 1);
      const d = await getLink(carrierInvestigator, link.id);
      expect(d.link.openCases).toBe(1);
      expect(d.cases.map((c) => c.reference)).toContain(opened.reference);
    });

    it("only roles with cases.work (investigators) may open a case", async () => {
      const link = fx.byBank("0101").find((l) => l.openCases === 0)!;
      for (const email of ["operator@bank0101.demo", "manager@carrier.demo", "auditor@carrier.demo"]) {
        await expect(openCaseFromLink(await fx.actor(email), link.id)).rejects.toBeInstanceOf(Forbidden);
      }
    });
  });

  describe("what never leaves the server", () => {
    it("no list, detail, transactions page or CSV export contains an account hash or a full account number", async () => {
      const texts: string[] = [];
      for (const actor of [carrierInvestigator, bankAOperator]) {
        texts.push(JSON.stringify(await listLinks(actor, linkListQuery.parse({ limit: "200" }), { now: NOW })));
        texts.push(JSON.stringify(await listLinks(actor, linkListQuery.parse({ limit: "200", sort: "charges_7d" }), { now: NOW })));
        for (const l of fx.links.filter((x) => actor.bankId === null || x.bankCode === "0101").slice(0, 12)) {
          texts.push(JSON.stringify(await getLink(actor, l.id, { now: NOW })));
          texts.push(JSON.stringify(await listLinkTransactions(actor, l.id, linkTransactionsQuery.parse({}))));
        }
        texts.push(JSON.stringify(await getLink(actor, ring().id)));
        const csv = await streamLinksCsv(actor, linkListQuery.parse({}), { now: NOW });
        texts.push((await readAll(csv.stream)).toString("utf8"));
      }
      const all = texts.join("\n");
      for (const l of fx.links) {
        expect(all).not.toContain(l.accountHash);
        expect(all).not.toContain(l.fullNumber);
      }
      expect(all).not.toMatch(/account_?hash/i);
    });
  });
});
