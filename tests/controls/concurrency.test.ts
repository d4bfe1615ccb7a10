import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type DatabaseHandle } from "@/db";
import { controlChanges } from "@/db/schema";
import { approveRequest, requestLoosening, tighten } from "@/lib/controls/service";
import { freshDatabase, POSTGRES_URL } from "../support/db";
import { auditEntries, controlRow, controlsFixture, type ControlsFixture } from "./fixtures";

// Races need real concurrent connections: PostgreSQL only (PGlite runs one statement at a time).
if (POSTGRES_URL) {
  describe("concurrent decisions on controls [postgres]", () => {
    let handle: DatabaseHandle;
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
  });
}
