import { beforeAll, expect, it } from "vitest";
import { blastRadius } from "@/lib/controls/service";
import { describeEachDb } from "../support/db";
import { addLinks, controlsFixture, OWN_BANK, thrown, type ControlsFixture } from "./fixtures";

const BANK = "0185";
const NEIGHBOUR = "0192";

describeEachDb("the blast radius of a tightening", (ctx) => {
  let f: ControlsFixture;
  beforeAll(async () => {
    f = await controlsFixture(ctx.handle.db);
    // Hours ago, yen. The windows: new links 72 h, charges 24 h and 7 days (168 h).
    await addLinks(
      f.db,
      f.bankId(BANK),
      [
        { verification: "pin_only", linkedHoursAgo: 10, charges: [[2, 10_000], [30, 5_000]], payments: [[1, 999]] }, // L1
        { verification: "otp", linkedHoursAgo: 100, charges: [[5, 20_000], [100, 7_000], [200, 9_999]] }, // L2
        { verification: "identity_document", linkedHoursAgo: 50, charges: [[23, 3_000]] }, // L3
        { verification: "pin_only", status: "frozen", linkedHoursAgo: 20, charges: [[25, 4_000]] }, // L4
        { verification: "pin_only", linkedHoursAgo: 1_000, charges: [[160, 1_500], [170, 800]] }, // L5
        { verification: "otp", status: "removed", linkedHoursAgo: 80 }, // L6
      ],
      [[3, 2_500]], // a charge whose link is unknown
    );
    // Another bank's links and charges never count.
    await addLinks(f.db, f.bankId(NEIGHBOUR), [
      { verification: "pin_only", linkedHoursAgo: 1, charges: [[1, 50_000]] },
      { verification: "otp", linkedHoursAgo: 2, charges: [[2, 60_000]] },
    ]);
  });

  it("counts active links by verification, links of the last 72 hours, and charges of the last 24 hours and 7 days, as computed by hand", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const r = await blastRadius(manager, BANK, "charges", "suspended");
    // Active: L1, L5 (PIN only), L2 (OTP), L3 (document); L4 frozen and L6 removed are not.
    expect(r.activeLinks).toEqual({ pin_only: 2, otp: 1, identity_document: 1, total: 4 });
    // Linked within 72 h, whatever their status now: L1, L4 (PIN only), L3 (document).
    expect(r.linksLast72h).toEqual({ pin_only: 2, otp: 0, identity_document: 1, total: 3 });
    // 24 h: L1 10,000 + L2 20,000 + L3 3,000 + unknown link 2,500. Payments never count.
    expect(r.charges.last24h).toEqual({ count: 4, yen: 35_500 });
    // 7 days: the above + L1 5,000 + L2 7,000 + L4 4,000 + L5 1,500 (L2's 200 h and L5's 170 h are older).
    expect(r.charges.last7d).toEqual({ count: 8, yen: 53_000 });
    expect(r).toMatchObject({ bankCode: BANK, control: "charges", fromState: "open", toState: "suspended" });
  });

  it("suspending charges would have stopped every charge and every active link's charging", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const r = await blastRadius(manager, BANK, "charges", "suspended");
    expect(r.wouldStop).toEqual({ activeLinks: 4, linksLast72h: 0, charges24h: { count: 4, yen: 35_500 }, charges7d: { count: 8, yen: 53_000 } });
  });

  it("strong-only charges would have stopped the charges from PIN-only links (and from unknown links) only", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const r = await blastRadius(manager, BANK, "charges", "strong_only");
    // 24 h: L1 10,000 + unknown 2,500. 7 days: + L1 5,000 + L4 4,000 + L5 1,500.
    expect(r.wouldStop).toEqual({ activeLinks: 2, linksLast72h: 0, charges24h: { count: 2, yen: 12_500 }, charges7d: { count: 5, yen: 23_000 } });
  });

  it("registrations: suspended would have stopped every new link of the last 72 hours, strong-only the PIN-only ones", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const suspended = await blastRadius(manager, BANK, "registrations", "suspended");
    expect(suspended.wouldStop).toEqual({ activeLinks: 0, linksLast72h: 3, charges24h: { count: 0, yen: 0 }, charges7d: { count: 0, yen: 0 } });
    const strong = await blastRadius(manager, BANK, "registrations", "strong_only");
    expect(strong.wouldStop.linksLast72h).toBe(2);
  });

  it("a bank's staff see their own bank's blast radius only (another bank is 404); roles that cannot tighten get 403", async () => {
    const operator = await f.actor("operator@bank0101.demo");
    expect((await blastRadius(operator, OWN_BANK, "charges", "suspended")).activeLinks.total).toBe(0);
    expect((await thrown(blastRadius(operator, BANK, "charges", "suspended"))).status).toBe(404);
    expect((await thrown(blastRadius(await f.actor("auditor@carrier.demo"), BANK, "charges", "suspended"))).status).toBe(403);
  });
});
