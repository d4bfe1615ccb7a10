import { beforeAll, describe, expect, it } from "vitest";
import { GET as historyRoute } from "@/app/api/v1/controls/[bankCode]/history/route";
import { GET as requestsRoute } from "@/app/api/v1/control-requests/route";
import { GET as controlsRoute } from "@/app/api/v1/controls/route";
import { linkListQuery, linkTransactionsQuery } from "@/lib/accounts/schemas";
import { auditListQuery } from "@/lib/audit/schemas";
import { historyQuery, requestsQuery } from "@/lib/controls/schemas";
import { QUERY_ERRORS, queryObject } from "@/lib/http/query";
import { pageQuery } from "@/lib/users/schemas";
import { describeEachDb } from "../support/db";
import { controlsFixture, OWN_BANK } from "../controls/fixtures";

function get(url: string, key: string): Request {
  return new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${key}` } });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: Record<string, { code: string; params?: Record<string, string | number> }>;
}

async function problem(res: Response): Promise<Problem> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as Problem;
}

describe("query strings: what the schemas cannot see", () => {
  it("finds the numeric parameters of every list's schema, through preprocess, defaults and refinements", () => {
    for (const schema of [linkListQuery, linkTransactionsQuery, pageQuery, historyQuery, requestsQuery]) {
      expect(() => queryObject("limit=0x10", schema), schema.description).toThrow(expect.objectContaining({ status: 422, code: "invalid_query", fields: { limit: { code: QUERY_ERRORS.notDecimal } } }));
      expect(queryObject("limit=25", schema)).toEqual({ limit: "25" });
    }
    // The audit cursor is a digit string, not a number; a text filter may look like anything.
    expect(queryObject("cursor=12&actor=1e2", auditListQuery)).toEqual({ cursor: "12", actor: "1e2" });
  });

  it("refuses hexadecimal, exponent, padded, signed-infinite and empty-ish numbers; keeps plain decimals (the schema judges their range)", () => {
    for (const bad of ["0x10", "1e2", " 10", "10 ", "+10", "Infinity", "0b11", "1_000", "١٠"]) {
      expect(() => queryObject(`limit=${encodeURIComponent(bad)}`, requestsQuery), bad).toThrow(expect.objectContaining({ code: "invalid_query" }));
    }
    for (const ok of ["10", "0", "-3", "2.5", ""]) expect(queryObject(`limit=${ok}`, requestsQuery)).toEqual({ limit: ok });
  });

  it("refuses any parameter given twice, even with the same value, naming each", () => {
    expect(() => queryObject("status=open&status=all&limit=5&limit=5&bankCode=0101", requestsQuery)).toThrow(
      expect.objectContaining({ status: 422, code: "invalid_query", fields: { status: { code: QUERY_ERRORS.repeated }, limit: { code: QUERY_ERRORS.repeated } } }),
    );
  });
});

describeEachDb("query strings through the routes", (ctx) => {
  let key: string;
  beforeAll(async () => {
    const f = await controlsFixture(ctx.handle.db);
    key = ((await f.key(OWN_BANK, ["controls"])) as unknown as { keyValue: string }).keyValue;
  });

  it("a number that is not plain decimal gets 422 problem+json naming it (invalid_query), on every list route", async () => {
    for (const bad of ["0x10", "1e2", "%2010"]) {
      const res = await requestsRoute(get(`/api/v1/control-requests?limit=${bad}`, key));
      expect(res.status, bad).toBe(422);
      expect(await problem(res)).toMatchObject({ code: "invalid_query", errors: { limit: { code: QUERY_ERRORS.notDecimal } } });
      const history = await historyRoute(get(`/api/v1/controls/${OWN_BANK}/history?limit=${bad}`, key), params({ bankCode: OWN_BANK }));
      expect(history.status, bad).toBe(422);
      expect((await problem(history)).errors).toEqual({ limit: { code: QUERY_ERRORS.notDecimal } });
    }
    expect((await requestsRoute(get("/api/v1/control-requests?limit=16", key))).status).toBe(200);
  });

  it("a parameter given twice gets 422 problem+json naming it, not whichever value the parser kept", async () => {
    const res = await requestsRoute(get("/api/v1/control-requests?status=open&status=all", key));
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body).toMatchObject({ status: 422, code: "invalid_query", errors: { status: { code: QUERY_ERRORS.repeated } } });
    expect(body.detail).toContain("status");
    const board = await controlsRoute(get("/api/v1/controls?charges=open&charges=suspended", key));
    expect(board.status).toBe(422);
    expect((await problem(board)).errors).toEqual({ charges: { code: QUERY_ERRORS.repeated } });
    expect((await controlsRoute(get("/api/v1/controls?charges=open", key))).status).toBe(200);
  });
});
