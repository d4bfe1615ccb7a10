import crypto from "node:crypto";
import { inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { linkedAccounts, wallets } from "@/db/schema";
import { decodeLinkCursor, encodeLinkCursor, HOLDER_MATCH_CAP, WALLET_MATCH_CAP } from "@/lib/accounts/query";
import { ACCOUNTS_ERRORS, linkListQuery, type LinkListQueryInput, type LinkRow } from "@/lib/accounts/schemas";
import { classifySearch } from "@/lib/accounts/search";
import { listLinks } from "@/lib/accounts/service";
import type { Actor } from "@/lib/auth/actor";
import { Forbidden, Invalid } from "@/lib/errors";
import { InvalidCursor } from "@/lib/http/cursor";
import { describeEachDb } from "../support/db";
import { buildFixture, chargesOrder, linkedAtOrder, NOW, type Fixture } from "./support";

function q(input: LinkListQueryInput) {
  return linkListQuery.parse(input);
}

/** Every row reachable by following nextCursor from the first page. */
async function walk(actor: Actor, input: LinkListQueryInput): Promise<{ rows: LinkRow[]; pages: string[][] }> {
  const rows: LinkRow[] = [];
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 500; n++) {
    const page = await listLinks(actor, q({ ...input, cursor }), { now: NOW });
    rows.push(...page.items);
    pages.push(page.items.map((r) => r.id));
    expect(page.hasMore).toBe(page.nextCursor !== null);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { rows, pages };
}

describeEachDb("accounts list", (ctx) => {
  let fx: Fixture;
  let carrier: Actor;
  let bankA: Actor;
  let bankB: Actor;

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    carrier = await fx.actor("investigator@carrier.demo");
    bankA = await fx.actor("operator@bank0101.demo");
    bankB = await fx.actor("operator@bank0108.demo");
  });

  describe("scope", () => {
    it("a bank's staff see their bank's links only; the carrier sees every bank", async () => {
      const a = await walk(bankA, { limit: 200 });
      expect(new Set(a.rows.map((r) => r.bankCode))).toEqual(new Set(["0101"]));
      expect(a.rows.map((r) => r.id).sort()).toEqual(fx.byBank("0101").map((l) => l.id).sort());
      const b = await walk(bankB, { limit: 200 });
      expect(b.rows.map((r) => r.id).sort()).toEqual(fx.byBank("0108").map((l) => l.id).sort());
      const all = await walk(carrier, { limit: 200 });
      expect(all.rows).toHaveLength(fx.links.length);
    });

    it("a bank's staff filtering by another bank's code get a 422 on the bank field, not its links", async () => {
      await expect(listLinks(bankA, q({ bank: "0108" }), { now: NOW })).rejects.toMatchObject({ status: 422, fields: { bank: { code: "unknown_bank" } } });
      const own = await listLinks(bankA, q({ bank: "0101", limit: 200 }), { now: NOW });
      expect(own.items).toHaveLength(fx.byBank("0101").length);
    });

    it("roles without accounts.read (an administrator) are refused", async () => {
      const admin = await fx.actor("admin@carrier.demo");
      await expect(listLinks(admin, q({}), { now: NOW })).rejects.toBeInstanceOf(Forbidden);
    });
  });

  describe("keyset pagination", () => {
    for (const order of ["desc", "asc"] as const) {
      it(`linked_at ${order}: pages of 7 reach every link exactly once, in order, through 8 links linked at the same instant`, async () => {
        const { rows, pages } = await walk(carrier, { sort: "linked_at", order, limit: 7 });
        expect(rows.map((r) => r.id)).toEqual(linkedAtOrder(fx.links, order));
        expect(pages.length).toBe(Math.ceil(fx.links.length / 7));
      });

      it(`charges_7d ${order}: pages of 6 reach every link exactly once, in (yen, linked_at, id) order, across charged and uncharged links`, async () => {
        const { rows } = await walk(carrier, { sort: "charges_7d", order, limit: 6 });
        expect(rows.map((r) => r.id)).toEqual(chargesOrder(fx.links, order));
        const byId = new Map(fx.links.map((l) => [l.id, l]));
        for (const r of rows) expect(r.charges7d).toEqual({ count: byId.get(r.id)!.charges7d, yen: byId.get(r.id)!.yen7d });
      });

      it(`charges_7d ${order} for one bank: the same order restricted to that bank`, async () => {
        const { rows } = await walk(bankA, { sort: "charges_7d", order, limit: 4 });
        expect(rows.map((r) => r.id)).toEqual(chargesOrder(fx.byBank("0101"), order));
      });
    }

    for (const sort of ["linked_at", "charges_7d"] as const) {
      it(`${sort}: prevCursor walks back through the same pages, and the first page has none`, async () => {
        const forward: { items: string[]; prev: string | null; next: string | null }[] = [];
        let cursor: string | undefined;
        for (;;) {
          const page = await listLinks(carrier, q({ sort, limit: 9, cursor }), { now: NOW });
          forward.push({ items: page.items.map((r) => r.id), prev: page.prevCursor, next: page.nextCursor });
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(forward[0]!.prev).toBeNull();
        for (let i = forward.length - 1; i > 0; i--) {
          const back = await listLinks(carrier, q({ sort, limit: 9, cursor: forward[i]!.prev! }), { now: NOW });
          expect(back.items.map((r) => r.id)).toEqual(forward[i - 1]!.items);
          expect(back.prevCursor === null).toBe(i - 1 === 0);
        }
      });
    }

    it("only the first page carries an estimate of the total, and no page counts exactly", async () => {
      const first = await listLinks(carrier, q({ limit: 5 }), { now: NOW });
      expect(first.estimatedTotal).not.toBeNull();
      expect(first.estimatedTotal).toBeGreaterThanOrEqual(0);
      const second = await listLinks(carrier, q({ limit: 5, cursor: first.nextCursor! }), { now: NOW });
      expect(second.estimatedTotal).toBeNull();
    });

    it("a cursor of another sort or order is refused with a 422 invalid_cursor on the cursor field", async () => {
      const c = encodeLinkCursor({ sort: "linked_at", order: "desc", linkedAt: "2026-01-01T00:00:00.000000Z", id: "00000000-0000-4000-8000-000000000000", yen: 0, before: false });
      expect(decodeLinkCursor(c, "linked_at", "desc")).toMatchObject({ sort: "linked_at", before: false });
      for (const other of [{ sort: "charges_7d" as const }, { order: "asc" as const }]) {
        const refused = await listLinks(carrier, q({ ...other, cursor: c }), { now: NOW }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(InvalidCursor);
        expect(refused).toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: ACCOUNTS_ERRORS.cursorSort } } });
      }
    });
  });

  describe("filters", () => {
    const ids = (rows: LinkRow[]) => rows.map((r) => r.id).sort();
    const expected = (pred: (l: Fixture["links"][number]) => boolean) => fx.links.filter(pred).map((l) => l.id).sort();

    it("status narrows to that status", async () => {
      for (const status of ["active", "frozen", "removed"] as const) {
        const { rows } = await walk(carrier, { status, limit: 200 });
        expect(ids(rows)).toEqual(expected((l) => l.status === status));
      }
    });

    it("verification narrows to that method", async () => {
      for (const verification of ["pin_only", "otp", "identity_document"] as const) {
        const { rows } = await walk(carrier, { verification, limit: 200 });
        expect(ids(rows)).toEqual(expected((l) => l.verification === verification));
      }
    });

    it("bank narrows to that bank for the carrier", async () => {
      const { rows } = await walk(carrier, { bank: "0108", limit: 200 });
      expect(ids(rows)).toEqual(expected((l) => l.bankCode === "0108"));
    });

    it("linked-at range is by Japan-time day, both ends included", async () => {
      const ref = fx.links[5]!.linkedAt;
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(ref);
      const startJst = new Date(`${day}T00:00:00+09:00`).getTime();
      const endJst = startJst + 24 * 3_600_000;
      const { rows } = await walk(carrier, { linkedFrom: day, linkedTo: day, limit: 200 });
      expect(rows.length).toBeGreaterThan(0);
      expect(ids(rows)).toEqual(expected((l) => l.linkedAt.getTime() >= startJst && l.linkedAt.getTime() < endJst));
      const open = await walk(carrier, { linkedFrom: day, limit: 200 });
      expect(ids(open.rows)).toEqual(expected((l) => l.linkedAt.getTime() >= startJst));
    });

    it("hasOpenCase true keeps links with a case not rejected or closed; false keeps the rest", async () => {
      const withCase = await walk(carrier, { hasOpenCase: "true", limit: 200 });
      expect(ids(withCase.rows)).toEqual(expected((l) => l.openCases > 0));
      expect(withCase.rows.every((r) => r.openCases > 0)).toBe(true);
      const without = await walk(carrier, { hasOpenCase: "false", limit: 200 });
      expect(ids(without.rows)).toEqual(expected((l) => l.openCases === 0));
    });

    it("filters combine", async () => {
      const { rows } = await walk(bankA, { status: "active", verification: "pin_only", hasOpenCase: "false", limit: 200 });
      expect(ids(rows)).toEqual(expected((l) => l.bankCode === "0101" && l.status === "active" && l.verification === "pin_only" && l.openCases === 0));
    });
  });

  describe("search", () => {
    const idsOf = async (actor: Actor, text: string) => (await walk(actor, { q: text, limit: 200 })).rows.map((r) => r.id).sort();

    it("by wallet id, exact or prefix", async () => {
      const l = fx.links[3]!;
      expect(await idsOf(carrier, l.walletId)).toEqual([l.id]);
      const prefix = l.walletId.slice(0, 10);
      expect(await idsOf(carrier, prefix)).toEqual(fx.links.filter((x) => x.walletId.startsWith(prefix)).map((x) => x.id).sort());
    });

    it("by e-mail prefix in any case", async () => {
      const target = fx.links.find((l) => l.email === "Taro.Yamada@Example.test")!;
      expect(await idsOf(carrier, "taro.yamada@")).toEqual([target.id]);
      expect(await idsOf(carrier, "TARO.YAM")).toEqual([target.id]);
    });

    it("by the last four digits, within the viewer's scope", async () => {
      expect(await idsOf(carrier, "4321")).toEqual(fx.links.filter((l) => l.last4 === "4321").map((l) => l.id).sort());
      expect(await idsOf(bankA, "4321")).toEqual(fx.links.filter((l) => l.last4 === "4321" && l.bankCode === "0101").map((l) => l.id).sort());
    });

    it('by holder name: half-width "ﾔﾏﾀﾞ" finds "ヤマダ タロウ" and full-width "ヤマダ" finds "ﾔﾏﾀﾞ ﾀﾛｳ"', async () => {
      const full = fx.links.find((l) => l.holder === "ヤマダ タロウ")!;
      const half = fx.links.find((l) => l.holder === "ﾔﾏﾀﾞ ﾀﾛｳ")!;
      expect(await idsOf(carrier, "ﾔﾏﾀﾞ")).toEqual([full.id, half.id].sort());
      expect(await idsOf(carrier, "ヤマダ")).toEqual([full.id, half.id].sort());
      expect(await idsOf(carrier, "ﾔﾏﾀﾞ ﾀﾛｳ")).toEqual([full.id, half.id].sort());
      expect(await idsOf(carrier, "やまだ")).toEqual([full.id, half.id].sort());
      const rows = (await walk(carrier, { q: "ﾔﾏﾀﾞ", limit: 200 })).rows;
      expect(rows.map((r) => r.holderName).sort()).toEqual(["ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"].sort());
    });

    it("normalises before it classifies: a decomposed voiced kana (タ + U+3099, カ + U+3099) and full-width last-four digits are searches like any other", async () => {
      const full = fx.links.find((l) => l.holder === "ヤマダ タロウ")!;
      const half = fx.links.find((l) => l.holder === "ﾔﾏﾀﾞ ﾀﾛｳ")!;
      const decomposed = "ヤマタ\u3099";
      expect(decomposed).not.toBe("ヤマダ");
      expect(await idsOf(carrier, decomposed)).toEqual([full.id, half.id].sort());
      expect(await idsOf(carrier, "やまた\u3099")).toEqual([full.id, half.id].sort());
      expect(classifySearch("カ\u3099")).toEqual({ kind: "holder", value: "ガ" });
      expect(classifySearch("ｶﾞ")).toEqual({ kind: "holder", value: "ガ" });
      expect(classifySearch("４３２１")).toEqual({ kind: "last4", value: "4321" });
      expect(await idsOf(carrier, "４３２１")).toEqual(await idsOf(carrier, "4321"));
      expect((await idsOf(carrier, "４３２１")).length).toBeGreaterThan(0);
      // Through the route's schema too: the list query accepts them.
      expect(linkListQuery.safeParse({ q: "４３２１" }).success).toBe(true);
      expect(linkListQuery.safeParse({ q: decomposed }).success).toBe(true);
    });

    /** `n` wallets `wlt_<tag>00000…`, and one link (otp, ordinary, branch 001) per entry of `links`, naming a wallet by index. */
    async function manyLinks(tag: string, n: number, links: { i: number; bank: string; holder: string; search: string; minutesAgo: number }[]) {
      const db = ctx.handle.db as Db;
      const wallet = (i: number) => `wlt_${tag}${String(i).padStart(5, "0")}`;
      await db.insert(wallets).values(Array.from({ length: n }, (_, i) => ({ id: wallet(i), email: `${tag}${i}@mail.example`, registeredAt: NOW })));
      const rows = links.map((l, k) => ({
        id: crypto.randomUUID(),
        walletId: wallet(l.i),
        bankId: fx.orgIds.get(l.bank)!,
        branchCode: "001",
        accountType: "ordinary" as const,
        accountLast4: "0000",
        accountHash: `${tag}-${k}`,
        holderNameKana: l.holder,
        holderNameSearch: l.search,
        verification: "otp" as const,
        linkedAt: new Date(NOW.getTime() - l.minutesAgo * 60_000),
      }));
      await db.insert(linkedAccounts).values(rows);
      const remove = async () => {
        await db.delete(linkedAccounts).where(inArray(linkedAccounts.id, rows.map((r) => r.id)));
        await db.delete(wallets).where(like(wallets.id, `wlt\\_${tag}%`));
      };
      return { rows, remove };
    }
    const newestFirst = (a: { linkedAt: Date; id: string }, b: { linkedAt: Date; id: string }) => b.linkedAt.getTime() - a.linkedAt.getTime() || (a.id < b.id ? 1 : -1);

    it("a prefix matching more wallets than are listed by id still finds every link, in order", async () => {
      const n = WALLET_MATCH_CAP + 5;
      const { rows: linked, remove } = await manyLinks(
        "broad",
        n,
        [3, 500, n - 1].map((i, k) => ({ i, bank: "0108", holder: "ブロード", search: "ブロード", minutesAgo: k + 1 })),
      );
      expect((await walk(carrier, { q: "wlt_broad", limit: 2 })).rows.map((r) => r.id)).toEqual(linked.map((l) => l.id));
      expect((await walk(carrier, { q: "BROAD", limit: 200 })).rows.map((r) => r.id)).toEqual(linked.map((l) => l.id));
      expect((await walk(bankA, { q: "wlt_broad", limit: 200 })).rows).toEqual([]);
      await remove();
    });

    it("a holder name matching more links than are named by id still finds every link, in order, in scope", async () => {
      const n = HOLDER_MATCH_CAP + 6;
      const { rows: linked, remove } = await manyLinks(
        "kana",
        n,
        Array.from({ length: n }, (_, i) => ({
          i,
          // One at bank 0101: rare there, common across the banks.
          bank: i === n - 1 ? "0101" : "0108",
          holder: i % 2 ? "ﾂﾖｼ ﾀﾛｳ" : "ツヨシ　ハナコ",
          search: i % 2 ? "ツヨシタロウ" : "ツヨシハナコ",
          minutesAgo: i % 300,
        })),
      );
      const order = [...linked].sort(newestFirst).map((l) => l.id);
      // More than the cap: the list's own order, page after page.
      expect((await walk(carrier, { q: "ﾂﾖｼ", limit: 200 })).rows.map((r) => r.id)).toEqual(order);
      // Fewer: named by id, the same order.
      const few = linked.filter((l) => l.holderNameSearch === "ツヨシタロウ").sort(newestFirst);
      expect(few.length).toBeLessThanOrEqual(HOLDER_MATCH_CAP);
      expect((await walk(carrier, { q: "ツヨシタ", limit: 200 })).rows.map((r) => r.id)).toEqual(few.map((l) => l.id));
      // A bank's staff see only their bank's match, counted in their bank.
      expect((await walk(bankA, { q: "ツヨシ", limit: 200 })).rows.map((r) => r.id)).toEqual([linked[n - 1]!.id]);
      await remove();
    });

    it("treats % and _ literally", async () => {
      expect(await idsOf(carrier, "%%%")).toEqual([]);
      expect(await idsOf(carrier, "___")).toEqual([]);
    });

    it("refuses a search that is none of the four kinds, or too short, with a 422 on q", async () => {
      for (const bad of ["山田", "ab"]) {
        const r = linkListQuery.safeParse({ q: bad });
        expect(r.success, bad).toBe(false);
        expect(r.error!.issues[0]!.path).toEqual(["q"]);
      }
      await expect(listLinks(carrier, { ...q({}), q: "山田" }, { now: NOW })).rejects.toBeInstanceOf(Invalid);
    });
  });
});
