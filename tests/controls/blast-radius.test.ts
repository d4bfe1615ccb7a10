import { beforeAll, expect, it } from "vitest";
import { blastRadius, bulkBlastRadius, tighten } from "@/lib/controls/service";
import { errorToResponse } from "@/lib/http/problem";
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
    // Open now: nothing is stopped yet.
    expect(r.stoppedNow).toEqual({ activeLinks: 0, linksLast72h: 0, charges24h: { count: 0, yen: 0 }, charges7d: { count: 0, yen: 0 } });
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

  it("a bulk tightening's blast radius sums the figures of the banks it names, and lists each bank's own", async () => {
    const manager = await f.actor("manager@carrier.demo");
    const r = await bulkBlastRadius(manager, { bankCodes: `${BANK},${NEIGHBOUR}`, control: "charges", toState: "suspended" });
    expect(r.banks).toEqual({ named: 2, changing: 2, already: 0 });
    // BANK as above; NEIGHBOUR: two active links, 50,000 + 60,000 within 24 hours.
    expect(r.activeLinks.total).toBe(6);
    expect(r.wouldStop).toEqual({ activeLinks: 6, linksLast72h: 0, charges24h: { count: 6, yen: 145_500 }, charges7d: { count: 10, yen: 163_000 } });
    expect(r.stoppedNow.charges7d).toEqual({ count: 0, yen: 0 });
    expect(r.perBank.map((b) => [b.bankCode, b.changes, b.wouldStop.charges24h])).toEqual([
      [BANK, true, { count: 4, yen: 35_500 }],
      [NEIGHBOUR, true, { count: 2, yen: 110_000 }],
    ]);
    // The same figures as one bank's blast radius each.
    const single = await blastRadius(manager, NEIGHBOUR, "charges", "suspended");
    expect(r.perBank[1]!.wouldStop).toEqual(single.wouldStop);
  });

  it("a bulk tightening's blast radius leaves out the banks already at that state or stricter (they stay as they are)", async () => {
    const manager = await f.actor("manager@carrier.demo");
    await tighten(manager, NEIGHBOUR, { control: "charges", toState: "suspended", reason: "Already suspended here", confirmBankCode: NEIGHBOUR });
    const r = await bulkBlastRadius(manager, { bankCodes: `${BANK},${NEIGHBOUR}`, control: "charges", toState: "strong_only" });
    expect(r.banks).toEqual({ named: 2, changing: 1, already: 1 });
    // Only BANK's PIN-only charges count: NEIGHBOUR is suspended, stricter than strong_only.
    expect(r.wouldStop.charges24h).toEqual({ count: 2, yen: 12_500 });
    const neighbour = r.perBank.find((b) => b.bankCode === NEIGHBOUR)!;
    expect(neighbour).toMatchObject({ fromState: "suspended", changes: false });
    expect(neighbour.stoppedNow.charges24h).toEqual({ count: 2, yen: 110_000 });
    // "all" names every bank.
    const all = await bulkBlastRadius(manager, { control: "registrations", toState: "suspended" });
    expect(all.banks.named).toBe(35);
    expect(all.perBank).toHaveLength(35);
  });

  it("approving a loosening: the blast radius says what the current state stops and what the looser one would still stop", async () => {
    const manager = await f.actor("manager@carrier.demo");
    await tighten(manager, BANK, { control: "charges", toState: "strong_only", reason: "PIN-only charges under attack", confirmBankCode: BANK });
    const r = await blastRadius(manager, BANK, "charges", "open");
    expect(r).toMatchObject({ fromState: "strong_only", toState: "open" });
    expect(r.stoppedNow).toEqual({ activeLinks: 2, linksLast72h: 0, charges24h: { count: 2, yen: 12_500 }, charges7d: { count: 5, yen: 23_000 } });
    expect(r.wouldStop).toEqual({ activeLinks: 0, linksLast72h: 0, charges24h: { count: 0, yen: 0 }, charges7d: { count: 0, yen: 0 } });
  });

  it("a bulk blast radius is the carrier's (a bank's staff get 403) and refuses unknown bank codes (422 on bankCodes)", async () => {
    expect((await thrown(bulkBlastRadius(await f.actor("manager@bank0101.demo"), { control: "charges", toState: "suspended" }))).status).toBe(403);
    expect((await thrown(bulkBlastRadius(await f.actor("auditor@carrier.demo"), { control: "charges", toState: "suspended" }))).status).toBe(403);
    const manager = await f.actor("manager@carrier.demo");
    const unknown = await thrown(bulkBlastRadius(manager, { bankCodes: "0101,9999", control: "charges", toState: "suspended" }));
    expect(unknown).toMatchObject({ status: 422, fields: { bankCodes: { code: "unknown_bank_codes", params: { codes: expect.stringContaining("9999") } } } });
    // A bulk change only tightens: "open" is refused on toState.
    const open = errorToResponse(await thrown(bulkBlastRadius(manager, { bankCodes: "all", control: "charges", toState: "open" as "suspended" })), "req-bulk-open");
    expect(open.status).toBe(422);
    expect(Object.keys(((await open.json()) as { errors: Record<string, string> }).errors)).toEqual(["toState"]);
  });
});
