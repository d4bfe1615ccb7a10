import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { dueTag, filtersOnly, pickQueueSearch, queueHref, sortOfSearch, withoutCursor } from "@/components/cases/queue/search";
import { queueChoices } from "@/lib/cases/queue-choices";
import { type Fixture, buildFixture } from "../accounts/support";
import { describeEachDb } from "../support/db";

describe("the queue page's URL", () => {
  it("keeps the known filters in the queue's key order, then the page size and the cursor; drops unknown and empty ones", () => {
    const s = pickQueueSearch({ cursor: "abc", assignee: "me", status: ["new,triage", "closed"], evil: "x", q: "  ", limit: "25" });
    expect(s).toEqual({ status: "new,triage", assignee: "me", limit: "25", cursor: "abc" });
    expect(queueHref(s)).toBe("/cases?status=new%2Ctriage&assignee=me&limit=25&cursor=abc");
    expect(queueHref(withoutCursor(s))).toBe("/cases?status=new%2Ctriage&assignee=me&limit=25");
    // A saved view and "all N matching" carry the filters alone.
    expect(filtersOnly(s)).toBe("status=new%2Ctriage&assignee=me");
    expect(queueHref({})).toBe("/cases");
  });

  it("reads each sort's natural direction when the URL gives none", () => {
    expect(sortOfSearch({})).toEqual({ sort: "due", order: "asc" });
    expect(sortOfSearch({ sort: "loss" })).toEqual({ sort: "loss", order: "desc" });
    expect(sortOfSearch({ sort: "activity", order: "asc" })).toEqual({ sort: "activity", order: "asc" });
    expect(sortOfSearch({ sort: "nonsense" })).toEqual({ sort: "due", order: "asc" });
  });

  it("tags a due date with whole days left (0 under a day) or days late (any part of a day counts)", () => {
    const now = Date.parse("2026-03-10T03:00:00Z");
    expect(dueTag("2026-03-10T05:00:00Z", now)).toEqual({ late: false, days: 0 });
    expect(dueTag("2026-03-13T04:00:00Z", now)).toEqual({ late: false, days: 3 });
    expect(dueTag("2026-03-10T02:00:00Z", now)).toEqual({ late: true, days: 1 });
    expect(dueTag("2026-03-08T03:00:00Z", now)).toEqual({ late: true, days: 2 });
  });
});

describeEachDb("the queue page's choices", (ctx) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
  });

  it("offers the carrier every bank and every active investigator", async () => {
    const { banks, people } = await queueChoices(await fx.actor("investigator@carrier.demo"));
    expect(banks.map((b) => b.code)).toContain("0101");
    expect(banks.map((b) => b.code)).toContain("0108");
    const orgs = new Set(people.map((p) => p.org));
    expect(orgs.has("carrier")).toBe(true);
    expect(orgs.has("0101")).toBe(true);
    expect(orgs.has("0108")).toBe(true);
  });

  it("offers a bank's staff no bank filter and only the carrier's and their own bank's investigators", async () => {
    const { banks, people } = await queueChoices(await fx.actor("operator@bank0101.demo"));
    expect(banks).toEqual([]);
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) expect(["carrier", "0101"]).toContain(p.org);
    expect(people.some((p) => p.org === "0101")).toBe(true);
  });

  it("is refused to a role that may not read cases", async () => {
    await expect(queueChoices(await fx.actor("admin@carrier.demo"))).rejects.toMatchObject({ status: 403 });
  });
});
