import { describe, expect, it } from "vitest";
import { problemOf } from "@/lib/api-client";
import { StaleVersion } from "@/lib/errors";
import { errorToProblem } from "@/lib/http/problem";

describe("the browser's ApiError (lib/api-client.ts problemOf)", () => {
  it("keeps a 409 stale_version's extensions, current and changes, beside its code and params", async () => {
    const current = { version: 7, status: "triage" };
    const changes = [{ kind: "status_changed", body: { from: "new", to: "triage" }, actorId: "u1", version: 7, at: "2026-12-07T00:00:00.000Z" }];
    const parts = errorToProblem(new StaleVersion("case", 6, 7, { current, changes }), "req-1");
    const e = await problemOf(new Response(parts.body, { status: parts.status, headers: parts.headers }));
    expect(e.status).toBe(409);
    expect(e.code).toBe("stale_version");
    expect(e.params).toEqual({ expected: 6, current: 7 });
    expect(e.extensions).toEqual({ current, changes });
    expect(e.requestId).toBe("req-1");
  });

  it("has no extensions for a problem without any", async () => {
    const e = await problemOf(new Response(JSON.stringify({ type: "x", title: "Not Found", status: 404, detail: "d", code: "not_found", requestId: "r" }), { status: 404 }));
    expect(e.extensions).toEqual({});
  });
});
