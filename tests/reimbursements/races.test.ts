import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as batchRoute } from "@/app/api/v1/payout-batches/route";
import { POST as approveRoute } from "@/app/api/v1/reimbursements/[reimbursementId]/approve/route";
import { setDatabase, type DatabaseHandle, type Db } from "@/db";
import { auditLog, cases, payoutLines, reimbursementApprovals, reimbursements } from "@/db/schema";
import { proposeReimbursement } from "@/lib/reimbursements/service";
import { signedIn } from "../admin/support";
import { freshDatabase, POSTGRES_URL } from "../support/db";
import { sessionCookie } from "../support/session-cookie";
import { reimbursementFixture, type ReimbursementFixture } from "./support";

type Handler = (r: Request, c?: { params?: Promise<Record<string, string>> }) => Promise<Response>;
type Answer = { status: number; replayed: boolean; code: string | null; who: string; kind: "approve" | "batch" };

/**
 * A request as the manager's browser sends it: its own session cookie (the session is real: signed
 * in, loaded and checked), same origin. Each request carries its own cookie, so requests of several
 * managers can be started together and run at once (the approvals' transactions overlap).
 */
async function post(route: Handler, cookie: string, url: string, body: unknown, key: string, params?: Record<string, string>): Promise<Omit<Answer, "who" | "kind">> {
  const headers = { "content-type": "application/json", "sec-fetch-site": "same-origin", "idempotency-key": key, cookie };
  const res = await route(new Request(`http://localhost${url}`, { method: "POST", headers, body: JSON.stringify(body) }), params ? { params: Promise.resolve(params) } : undefined);
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get("idempotent-replayed") === "true", code: res.status >= 400 ? (JSON.parse(text) as { code: string }).code : null };
}

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 20);
const REQUESTS = 50;

// Real concurrent connections and row locks: PostgreSQL only.
if (POSTGRES_URL) {
  describe("reimbursements under races [postgres]", () => {
    let handle: DatabaseHandle & { url?: string };
    let f: ReimbursementFixture;
    let db: Db;
    /** Each manager's Cookie header. */
    const cookie = new Map<string, string>();

    beforeAll(async () => {
      handle = await freshDatabase("postgres", 20);
      setDatabase(handle);
      db = handle.db as Db;
      f = await reimbursementFixture(db);
      for (const email of ["manager@carrier.demo", "manager2@carrier.demo", "manager@bank0101.demo"]) cookie.set(email, await sessionCookie((await signedIn(db, email)).sessionId));
      // One request first, so that requests arriving at once find the pipeline's first-use work done;
      // its 404 also shows the cookie signs the manager in (without it: 401).
      const warm = await post(approveRoute, cookie.get("manager@carrier.demo")!, `/api/v1/reimbursements/${crypto.randomUUID()}/approve`, { code: "000000", version: 1 }, crypto.randomUUID());
      expect(warm.status).toBe(404);
    });
    afterAll(async () => {
      setDatabase(undefined);
      await handle?.close();
    });

    it(`${REQUESTS} approval requests at once for one reimbursement from several managers, each reusing one Idempotency-Key, with payout batches racing them, ${ROUNDS} rounds: each round ends with exactly the approvals needed and at most one payout line; every other request got 409 or the replayed answer`, async () => {
      const inv = await f.actor("investigator@carrier.demo");
      const begun = performance.now();
      const codes = new Map<string, number>();
      for (let round = 0; round < ROUNDS; round++) {
        // Odd rounds need two approvals (at the ¥1,000,000 threshold): one of the carrier, one of the bank.
        const quorum = round % 2 ? 2 : 1;
        const amountYen = quorum === 2 ? 1_000_000 : 10_000 + round;
        const managers = quorum === 2 ? ["manager@carrier.demo", "manager@bank0101.demo"] : ["manager@carrier.demo", "manager2@carrier.demo", "manager@bank0101.demo"];
        const c = await f.confirmedCase("0101", amountYen);
        const number = String(4_000_000 + round);
        await f.knownAccountNumber(c.id, number);
        const r = await proposeReimbursement(inv, { caseId: c.id, amountYen, reason: `Round ${round}` });
        const bodies = new Map<string, { code: string; version: number }>();
        const keys = new Map<string, string>();
        for (const m of managers) {
          bodies.set(m, { code: await f.freshCode(m), version: 1 });
          keys.set(m, crypto.randomUUID());
        }
        const batchKey = crypto.randomUUID();
        const url = `/api/v1/reimbursements/${r.id}/approve`;
        // All started at once: none waits for another's answer.
        const started: { answer: Promise<Omit<Answer, "who" | "kind">>; who: string; kind: Answer["kind"] }[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const who = managers[i % managers.length]!;
          started.push({ answer: post(approveRoute, cookie.get(who)!, url, bodies.get(who), keys.get(who)!, { reimbursementId: r.id }), who, kind: "approve" });
          if (i % 10 === 9) {
            const batch = { transferDate: "2026-12-25", lines: [{ reimbursementId: r.id, accountNumber: number }] };
            started.push({ answer: post(batchRoute, cookie.get("manager@carrier.demo")!, "/api/v1/payout-batches", batch, batchKey), who: "manager@carrier.demo", kind: "batch" });
          }
        }
        const answers: Answer[] = await Promise.all(started.map(async (s) => ({ ...(await s.answer), who: s.who, kind: s.kind })));

        for (const a of answers) codes.set(a.replayed ? "replayed" : (a.code ?? String(a.status)), (codes.get(a.replayed ? "replayed" : (a.code ?? String(a.status))) ?? 0) + 1);
        const approvals = answers.filter((a) => a.kind === "approve");
        const ran = approvals.filter((a) => a.status === 200 && !a.replayed);
        expect(ran, `round ${round}: approvals that ran`).toHaveLength(quorum);
        expect(new Set(ran.map((a) => a.who)).size).toBe(quorum);
        const others = approvals.filter((a) => !ran.includes(a));
        expect(others.filter((a) => !(a.status === 409 || a.replayed)), `round ${round}: answers other than 409 or a replay`).toEqual([]);
        expect(answers.filter((a) => a.kind === "batch" && !(a.status === 201 || a.status === 409 || a.replayed))).toEqual([]);

        const recorded = await db.select().from(reimbursementApprovals).where(and(eq(reimbursementApprovals.reimbursementId, r.id), eq(reimbursementApprovals.decision, "approve")));
        expect(recorded).toHaveLength(quorum);
        const [row] = await db.select({ status: reimbursements.status }).from(reimbursements).where(eq(reimbursements.id, r.id));
        expect(["approved", "sent"]).toContain(row!.status);
        const lines = await db.select().from(payoutLines).where(eq(payoutLines.reimbursementId, r.id));
        expect(lines.length).toBeLessThanOrEqual(1);
        expect(lines.length).toBe(row!.status === "sent" ? 1 : 0);
        const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, r.id), inArray(auditLog.action, ["reimbursement.approved", "reimbursement.approval_recorded"])));
        expect(audits.map((a) => a.action).sort()).toEqual(quorum === 2 ? ["reimbursement.approval_recorded", "reimbursement.approved"] : ["reimbursement.approved"]);
        const [caseRow] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, c.id));
        expect(caseRow!.reimbursed).toBe(amountYen);
      }
      // Kept modest for CI: 20 rounds of 55 requests must take seconds (README records the time).
      // The requests did overlap: some found their key's first request still running.
      expect(codes.get("idempotency_key_in_use") ?? 0, JSON.stringify(Object.fromEntries(codes))).toBeGreaterThan(0);
      expect(performance.now() - begun).toBeLessThan(120_000);
    }, 180_000);
  });
}
