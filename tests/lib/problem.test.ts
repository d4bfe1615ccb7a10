import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeError, errorToResponse } from "@/lib/http/problem";
import { Conflict, NotFound } from "@/lib/errors";
import { openDatabase } from "@/db";
import { sql } from "drizzle-orm";

describe("errors become problem+json", () => {
  it("a typed error keeps its status, code and field errors, with the request id", async () => {
    const res = errorToResponse(new Conflict("E-mail taken.", { email: { code: "email_taken" } }), "req-12345678");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 409, code: "conflict", requestId: "req-12345678", errors: { email: { code: "email_taken" } } });
    expect((await errorToResponse(new NotFound("link"), "r").json()).detail).toBe("No such link.");
  });

  it("a zod error names each field with zod's issue code and params, not a sentence", async () => {
    const parsed = z.object({ amountYen: z.number().int().positive("Must be positive.") }).safeParse({ amountYen: -5 });
    const res = errorToResponse(parsed.error, "r");
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual({ amountYen: { code: "too_small", params: { minimum: 0, inclusive: 0, origin: "number" } } });
  });

  it("an unexpected error is a 500 without detail, and its log line carries no query parameters", async () => {
    const handle = await openDatabase({ dataDir: "memory" });
    let caught: unknown;
    try {
      await handle.db.execute(sql`select * from no_such_table where secret = ${"$argon2id$v=19$secret-hash"}`);
    } catch (e) {
      caught = e;
    } finally {
      await handle.close();
    }
    const res = errorToResponse(caught, "r");
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain("no_such_table");
    expect(JSON.stringify(describeError(caught))).not.toContain("argon2id");
  });
});
