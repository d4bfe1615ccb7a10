import { beforeAll, expect, it } from "vitest";
import { GET as requestsRoute, POST as requestRoute } from "@/app/api/v1/control-requests/route";
import { POST as approveRoute } from "@/app/api/v1/control-requests/[requestId]/approve/route";
import { POST as tightenRoute } from "@/app/api/v1/controls/[bankCode]/tighten/route";
import { GET as listRoute } from "@/app/api/v1/controls/route";
import { tighten } from "@/lib/controls/service";
import { describeEachDb } from "../support/db";
import { controlRow, controlsFixture, OTHER_BANK, OWN_BANK, type ControlsFixture } from "./fixtures";

function call(url: string, key: string, body?: unknown): Request {
  return new Request(`http://localhost${url}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

describeEachDb("the controls API with a service key", (ctx) => {
  let f: ControlsFixture;
  let controlsKey: string;
  let decisionsKey: string;
  beforeAll(async () => {
    f = await controlsFixture(ctx.handle.db);
    controlsKey = ((await f.key(OWN_BANK, ["controls"])) as unknown as { keyValue: string }).keyValue;
    decisionsKey = ((await f.key(OWN_BANK, ["decisions"])) as unknown as { keyValue: string }).keyValue;
    const manager = await f.actor("manager@carrier.demo");
    await tighten(manager, OWN_BANK, { control: "charges", toState: "suspended", reason: "Set up for the API test", confirmBankCode: OWN_BANK });
  });

  it("a key with the 'controls' scope requests a loosening (201) but approving it is 403, and nothing changes", async () => {
    const created = await requestRoute(call("/api/v1/control-requests", controlsKey, { bankCode: OWN_BANK, control: "charges", toState: "open", reason: "Bank system says all clear" }));
    expect(created.status).toBe(201);
    const request = (await created.json()) as { id: string; status: string; revision: number };
    expect(request.status).toBe("pending");

    const approve = await approveRoute(call(`/api/v1/control-requests/${request.id}/approve`, controlsKey, { revision: request.revision }), params({ requestId: request.id }));
    expect(approve.status).toBe(403);
    expect(approve.headers.get("content-type")).toBe("application/problem+json");
    expect((await controlRow(f.db, f.bankId(OWN_BANK), "charges")).state).toBe("suspended");
  });

  it("a key cannot tighten (403), and a key without the 'controls' scope cannot read controls (403)", async () => {
    const res = await tightenRoute(
      call(`/api/v1/controls/${OWN_BANK}/tighten`, controlsKey, { control: "registrations", toState: "suspended", reason: "Key tries to tighten", confirmBankCode: OWN_BANK }),
      params({ bankCode: OWN_BANK }),
    );
    expect(res.status).toBe(403);
    expect((await listRoute(call("/api/v1/controls", decisionsKey))).status).toBe(403);
    const own = await listRoute(call("/api/v1/controls", controlsKey));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { banks: { bankCode: string }[] }).banks.map((b) => b.bankCode)).toEqual([OWN_BANK]);
  });

  it("a requests list filtered by a bank the key cannot see (or that does not exist) is 422 unknown_bank on bankCode, as the accounts and audit lists answer", async () => {
    for (const code of ["9999", OTHER_BANK]) {
      const res = await requestsRoute(call(`/api/v1/control-requests?bankCode=${code}`, controlsKey));
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: Record<string, { code: string }> }).errors.bankCode).toMatchObject({ code: "unknown_bank" });
    }
    expect((await requestsRoute(call(`/api/v1/control-requests?bankCode=${OWN_BANK}`, controlsKey))).status).toBe(200);
  });

  it("answers malformed input with 422 problem+json naming the fields", async () => {
    const res = await requestRoute(call("/api/v1/control-requests", controlsKey, { bankCode: "12", control: "wallets", toState: "open", reason: "" }));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: Record<string, string> };
    expect(Object.keys(problem.errors).sort()).toEqual(["bankCode", "control", "reason"]);
  });
});
