import { describe, expect, it } from "vitest";
import { CURSOR_ERROR, cursorParam, decodeCursor, decodeInstantKey, encodeCursor, encodeInstantKey, InvalidCursor } from "@/lib/http/cursor";
import { errorToProblem } from "@/lib/http/problem";

const AT = "2026-03-01T09:30:00.123456Z";
const ID = "0191C4D2-7A3B-7C00-8000-000000000001";

describe("the one keyset cursor of every list (lib/http/cursor.ts)", () => {
  it("gives back the values it was made from, in order, UUIDs in lower case", () => {
    expect(decodeCursor(encodeCursor(["linked_at", AT, ID, 1, 0]), ["text", "instant", "uuid", "count", "count"])).toEqual(["linked_at", AT, ID.toLowerCase(), 1, 0]);
    expect(decodeInstantKey(encodeInstantKey({ at: AT, key: "c:some-key" }), "text")).toEqual({ at: AT, key: "c:some-key" });
    expect(decodeCursor(encodeCursor([42]), ["count"])).toEqual([42]);
  });

  it("refuses what it did not give out, and a cursor of another shape, always as 422 invalid_cursor naming the cursor parameter", () => {
    const refused = [
      "",
      "not a cursor",
      "!!!",
      "x".repeat(401),
      Buffer.from("not json").toString("base64url"),
      Buffer.from('{"at":1}').toString("base64url"),
      encodeCursor([AT]),
      encodeCursor([AT, ID, "extra"]),
      encodeCursor(["2026-02-30T00:00:00Z", ID]),
      encodeCursor(["2026-03-01T24:00:00Z", ID]),
      encodeCursor(["yesterday", ID]),
      encodeCursor([AT, "not-a-uuid"]),
      encodeCursor([AT, 7]),
      encodeCursor([1]),
    ];
    for (const c of refused) {
      let thrown: unknown;
      try {
        decodeInstantKey(c);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, c).toBeInstanceOf(InvalidCursor);
      const problem = errorToProblem(thrown, "req-1");
      expect(problem.status).toBe(422);
      expect(JSON.parse(problem.body)).toMatchObject({ status: 422, code: "invalid_cursor", errors: { cursor: { code: CURSOR_ERROR } } });
    }
    for (const n of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, "3"]) expect(() => decodeCursor(encodeCursor([n as number]), ["count"]), String(n)).toThrow(InvalidCursor);
  });

  it("reads a blank cursor parameter as none (the first page)", () => {
    expect(cursorParam.parse("")).toBeUndefined();
    expect(cursorParam.parse("  ")).toBeUndefined();
    expect(cursorParam.parse(undefined)).toBeUndefined();
    expect(cursorParam.parse("abc")).toBe("abc");
  });
});
