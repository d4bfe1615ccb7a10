import { describe, expect, it } from "vitest";
import { newRequestId, requestMetaFrom } from "@/lib/auth/request-meta";
import { bearerToken } from "@/lib/http/route";

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe("request ids", () => {
  it("are unique, plain tokens a caller could send back, and carry this process's prefix", () => {
    const ids = Array.from({ length: 20_000 }, () => newRequestId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[A-Za-z0-9._-]{8,64}$/.test(id))).toEqual([]);
    expect(new Set(ids.map((id) => id.split(".")[0])).size).toBe(1);
  });

  it("a caller's own plain id is kept; anything else is replaced by a fresh one", () => {
    expect(requestMetaFrom(headers({ "x-request-id": "trace-0001.abc" })).requestId).toBe("trace-0001.abc");
    for (const bad of ["short", "has space in it", "x".repeat(65), "semi;colon-0001"]) {
      const id = requestMetaFrom(headers({ "x-request-id": bad })).requestId;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[A-Za-z0-9_-]{12}\.[0-9a-z]+$/);
    }
  });
});

describe("the Authorization header", () => {
  it("yields the same token as the Bearer pattern for every spelling, with or without the quick path", () => {
    const pattern = /^Bearer\s+(\S+)$/i;
    const cases = [
      "Bearer lg_abc",
      "bearer lg_abc",
      "BEARER lg_abc",
      "Bearer  lg_abc",
      "Bearer\tlg_abc",
      "Bearer lg_abc ",
      "Bearer lg_a bc",
      "Bearer lg_a\tbc",
      "Bearer lg_a\u00a0bc",
      "Bearer ",
      "Bearer",
      "Basic dXNlcjpwYXNz",
      "lg_abc",
      "",
    ];
    for (const c of cases) expect(bearerToken(c), JSON.stringify(c)).toBe(pattern.exec(c)?.[1] ?? null);
  });
});
