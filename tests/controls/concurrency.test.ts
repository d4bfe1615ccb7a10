import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type DatabaseHandle } from "@/db";
import { controlChanges } from "@/db/schema";
import pg from "pg";
import { openDatabase } from "@/db";
import { CONTROL_SCHEDULER_LOCK } from "@/lib/controls/requests";
import { applyDueRequests, approveRequest, requestLoosening, tighten } from "@/lib/controls/service";
import { freshDatabase, POSTGRES_URL } from "../support/db";

const freshHandleOn = (url: string) => openDatabase({ url, poolSize: 2 });
import { auditEntries, controlRow, controlsFixture, type ControlsFixture } from "./fixtures";

// Races need real concurrent connections: PostgreSQL only (PGlite runs one statement at a time).
if (POSTGRES_URL) {
  describe("concurrent decisions on controls [postgres]", () => {
    let handle: DatabaseHandle & { url?: string };
    let f: ControlsFixture;
    beforeAll(async () => {
      handle = await freshDatabase("postgres", 10);
      setDatabase(handle);
      f = await controlsFixture(handle.db);
    });
    afterAll(async () => {
      setDatabase(undefined);
      await handle?.close();
    });

    it("two managers approving the same request at the same moment: exactly one applies it, the other gets 409", async () => {
      const operator = await f.actor("operator@carrier.demo");
      const m1 = await f.actor("manager@carrier.demo");
      const m2 = await f.actor("manager2@carrier.demo");
      for (const code of ["0101", "0108", "0115", "0122", "0129", "0136", "0143", "0150"]) {
        await tighten(m1, code, { control: "charges", toState: "suspended", reason: "Race set-up", confirmBankCode: code });
        const request = await requestLoosening(operator, { bankCode: code, control: "charges", toState: "open", reason: "Race: approve twice" });
        const results = await Promise.allSettled([approveRequest(m1, request.id, { revision: 1 }), approveRequest(m2, request.id, { revision: 1 })]);
        const ok = results.filter((r) => r.status === "fulfilled");
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(ok, code).toHaveLength(1);
        expect(failed.map((r) => (r.reason as { status: number }).status)).toEqual([409]);
        expect(await handle.db.select().from(controlChanges).where(eq(controlChanges.requestId, request.id))).toHaveLength(1);
        expect((await auditEntries(handle.db, "control.loosened", f.bankId(code))).length).toBe(1);
        expect((await controlRow(handle.db, f.bankId(code), "charges")).state).toBe("open");
      }
    });

    it("a tightening racing an approval never deadlocks and always ends suspended: either the loosening applies first, or it is cancelled", async () => {
      const operator = await f.actor("operator@carrier.demo");
      const manager = await f.actor("manager@carrier.demo");
      const manager2 = await f.actor("manager2@carrier.demo");
      for (const code of f.bankCodes.slice(10, 18)) {
        await tighten(manager, code, { control: "registrations", toState: "strong_only", reason: "Race set-up", confirmBankCode: code });
        const request = await requestLoosening(operator, { bankCode: code, control: "registrations", toState: "open", reason: "Race: loosen vs tighten" });
        const [approval, tightening] = await Promise.allSettled([
          approveRequest(manager, request.id, { revision: 1 }),
          tighten(manager2, code, { control: "registrations", toState: "suspended", reason: "Race: tighten now", confirmBankCode: code }),
        ]);
        // The tightening either wins (the request is cancelled: the approval is a 409) or follows
        // the applied loosening; it never fails, and nothing deadlocks.
        expect(tightening.status).toBe("fulfilled");
        if (approval.status === "rejected") expect((approval.reason as { status: number }).status).toBe(409);
        expect((await controlRow(handle.db, f.bankId(code), "registrations")).state).toBe("suspended");
      }
    });

    it("the scheduler runs in one process at a time: while another holds its lock a pass does nothing; two passes at once apply a due loosening exactly once", async () => {
      const operator = await f.actor("operator@carrier.demo");
      const manager = await f.actor("manager@carrier.demo");
      const code = "0206";
      await tighten(manager, code, { control: "charges", toState: "suspended", reason: "Scheduler set-up", confirmBankCode: code });
      const at = new Date(Date.now() + 500);
      const request = await requestLoosening(operator, { bankCode: code, control: "charges", toState: "open", reason: "Reopen on schedule", scheduledFor: at });
      await approveRequest(manager, request.id, { revision: 1 });
      await new Promise((r) => setTimeout(r, at.getTime() - Date.now() + 100));

      // Another process's pass: a second connection holding the scheduler's lock.
      const other = new pg.Client({ connectionString: handle.url });
      await other.connect();
      try {
        await other.query("begin");
        await other.query("select pg_advisory_xact_lock($1)", [CONTROL_SCHEDULER_LOCK]);
        expect(await applyDueRequests(handle.db)).toEqual({ ran: false, applied: 0, cancelled: 0 });
        expect((await controlRow(handle.db, f.bankId(code), "charges")).state).toBe("suspended");
        await other.query("commit");
      } finally {
        await other.end();
      }

      const second = await freshHandleOn(handle.url!);
      try {
        const passes = await Promise.all([applyDueRequests(handle.db), applyDueRequests(second.db)]);
        expect(passes.reduce((n, p) => n + p.applied, 0)).toBe(1);
      } finally {
        await second.close();
      }
      expect((await controlRow(handle.db, f.bankId(code), "charges")).state).toBe("open");
      expect(await handle.db.select().from(controlChanges).where(eq(controlChanges.requestId, request.id))).toHaveLength(1);
      const entries = (await auditEntries(handle.db, "control.loosened", f.bankId(code))).filter((e) => (e.after as { requestId?: string }).requestId === request.id);
      expect(entries.map((e) => e.actorLabel)).toEqual(["system:control-scheduler"]);
    });
  });
}
