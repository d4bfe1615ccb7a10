import { eq, getTableColumns, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db";
import { auditLog } from "@/db/schema";
import { entryHash } from "@/lib/audit/chain";
import { writeAudit, recordAudit } from "@/lib/audit/write";
import { verifyChain } from "@/lib/audit/verify";
import { describeEachDb, freshDatabase, POSTGRES_URL } from "../support/db";
import { staff, testAction, TEST_ENTITY } from "./support";

const CARRIER_ORG = "00000000-0000-4000-8000-000000000001";
const actor = staff(CARRIER_ORG, "carrier", ["investigator"]);

/** Content that has to survive the jsonb and timestamptz round-trip byte for byte. */
const AWKWARD: unknown[] = [
  { z: 1, a: { y: [3, 2, 1], b: null }, m: "ゆうちょ ｶﾀｶﾅ 🏦" },
  { amount: 25_420_000, ratio: 0.1 + 0.2, tiny: 1e-7, big: 2 ** 60, neg: -0, when: new Date("2020-09-14T07:00:00.123Z") },
  "123",
  "true",
  '{"looks":"like json"}',
  "plain text",
  42,
  [1, "two", { three: 3 }],
  { gone: undefined, kept: "yes", quote: 'he said "no", twice\nthen left' },
  null,
  undefined,
];

async function writeSome(db: Db, count: number, tag = "test"): Promise<void> {
  for (let i = 0; i < count; i++) {
    await recordAudit(db, actor, {
      action: testAction(`${tag}.wrote`),
      entityType: TEST_ENTITY,
      entityId: String(i),
      before: AWKWARD[i % AWKWARD.length],
      after: AWKWARD[(i + 3) % AWKWARD.length],
    });
  }
}

async function seqs(db: Db): Promise<number[]> {
  return (await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq)).map((r) => r.seq);
}

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { message: string; cause?: { message?: string } };
    return err.cause?.message ?? err.message;
  }
  return "not refused";
}

/** Edits a row as a superuser with the trigger off would: the only way past the append-only rule. */
async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  });
}

describeEachDb("the audit hash chain", (ctx) => {
  it("a chain of entries written by writeAudit verifies intact", async () => {
    const db = ctx.handle.db;
    await writeSome(db, 25);
    await db.transaction(async (tx) => {
      await writeAudit(tx, actor, { action: testAction("test.two_in_one_tx"), entityType: TEST_ENTITY, bankId: null, after: { n: 1 } });
      await writeAudit(tx, actor, { action: testAction("test.two_in_one_tx"), entityType: TEST_ENTITY, after: { n: 2 } });
    });
    const progress: number[] = [];
    // A small page walks several keyset pages, as millions of rows would.
    const result = await verifyChain(db, { pageSize: 4, onProgress: (p) => progress.push(p.checked) });
    expect(result.firstBroken).toBeUndefined();
    expect(result).toMatchObject({ ok: true, checked: 27 });
    expect(result.head?.seq).toBe((await seqs(db)).at(-1));
    expect(progress.at(-1)).toBe(27);
    expect(progress.length).toBeGreaterThanOrEqual(6);
    expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 27 });
  });

  it("an empty audit log verifies intact with nothing checked", async () => {
    const fresh = await freshDatabase(ctx.kind);
    try {
      expect(await verifyChain(fresh.db)).toMatchObject({ ok: true, checked: 0, head: null });
    } finally {
      await fresh.close();
    }
  });

  it("UPDATE, DELETE and TRUNCATE on audit_log are rejected by the database", async () => {
    const db = ctx.handle.db;
    await writeSome(db, 2);
    const [first] = await seqs(db);
    expect(await refusal(db.execute(sql`update audit_log set action = 'x' where seq = ${first}`))).toMatch(/append-only: UPDATE/);
    expect(await refusal(db.execute(sql`delete from audit_log where seq = ${first}`))).toMatch(/append-only: DELETE/);
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(/append-only: TRUNCATE/);
    expect(await seqs(db)).toContain(first);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("a rolled-back transaction leaves no audit entry and the chain stays intact", async () => {
    const db = ctx.handle.db;
    const before = await seqs(db);
    await expect(
      db.transaction(async (tx) => {
        await writeAudit(tx, actor, { action: testAction("test.rolled_back"), entityType: TEST_ENTITY });
        throw new Error("the change failed after its audit entry was written");
      }),
    ).rejects.toThrow(/change failed/);
    expect(await seqs(db)).toEqual(before);
    // The sequence number the rolled-back entry took is a gap; the next entry chains to the last kept one.
    await writeSome(db, 1, "after_rollback");
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true, checked: before.length + 1 });
  });
});

describeEachDb("a tampered audit chain", (ctx) => {
  async function withChain(count: number, body: (h: DatabaseHandle, seqs: number[]) => Promise<void>) {
    const h = await freshDatabase(ctx.kind);
    try {
      await writeSome(h.db, count);
      await body(h, await seqs(h.db));
    } finally {
      await h.close();
    }
  }

  it("a tampered row is named by the verifier", async () => {
    await withChain(8, async ({ db }, s) => {
      const victim = s[4]!;
      await tamper(db, sql`update audit_log set after = ${JSON.stringify({ amount: 1 })}::jsonb where seq = ${victim}`);
      const result = await verifyChain(db, { pageSize: 3 });
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toMatchObject({ seq: victim, reason: "content_changed", previousSeq: s[3] });
      expect(result.checked).toBe(5);
    });
  });

  it("a row edited with its hash recomputed breaks the link at the next entry", async () => {
    await withChain(6, async ({ db }, s) => {
      // Someone who knows the hashing re-hashes the row they edit; the next entry still names the old hash.
      // (before read as text: this row's before is the JSON string "123", which the jsonb column mapper would turn into a number)
      const [row] = await db.select({ ...getTableColumns(auditLog), before: sql<string>`${auditLog.before}::text` }).from(auditLog).where(eq(auditLog.seq, s[2]!));
      const forged = { ...row!, before: JSON.parse(row!.before) as unknown, after: { forged: true } };
      await tamper(db, sql`update audit_log set after = ${JSON.stringify(forged.after)}::jsonb, hash = ${entryHash(forged)} where seq = ${s[2]}`);
      const result = await verifyChain(db);
      expect(result.firstBroken).toMatchObject({ seq: s[3], reason: "link_broken", previousSeq: s[2] });
    });
  });

  it("a row whose stored hash alone was replaced is named as changed", async () => {
    await withChain(4, async ({ db }, s) => {
      await tamper(db, sql`update audit_log set hash = ${"f".repeat(64)} where seq = ${s[1]}`);
      expect((await verifyChain(db)).firstBroken).toMatchObject({ seq: s[1], reason: "content_changed" });
    });
  });

  it("a deleted row breaks the chain at the next entry", async () => {
    await withChain(7, async ({ db }, s) => {
      await tamper(db, sql`delete from audit_log where seq = ${s[3]}`);
      const result = await verifyChain(db, { pageSize: 2 });
      expect(result.firstBroken).toMatchObject({ seq: s[4], reason: "link_broken", previousSeq: s[2] });
    });
  });

  it("deleting the first entry breaks the chain at the new first entry", async () => {
    await withChain(3, async ({ db }, s) => {
      await tamper(db, sql`delete from audit_log where seq = ${s[0]}`);
      expect((await verifyChain(db)).firstBroken).toMatchObject({ seq: s[1], reason: "link_broken", previousSeq: null });
    });
  });
});

if (POSTGRES_URL) {
  describe("the audit hash chain under concurrency [postgres]", () => {
    it("concurrent writers in separate transactions keep the chain intact", async () => {
      const h = await freshDatabase("postgres", 20);
      try {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            h.db.transaction(async (tx) => {
              // Some work before the audit entry, so transactions overlap.
              await tx.execute(sql`select pg_sleep(${(i % 5) / 200})`);
              await writeAudit(tx, staff(CARRIER_ORG, "carrier", ["manager"]), { action: testAction("test.concurrent"), entityType: TEST_ENTITY, entityId: String(i), after: { i } });
            }),
          ),
        );
        const result = await verifyChain(h.db);
        expect(result.firstBroken).toBeUndefined();
        expect(result).toMatchObject({ ok: true, checked: 40 });
      } finally {
        await h.close();
      }
    });
  });
}
