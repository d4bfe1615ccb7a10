import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { controlChanges, linkedAccounts, transactions } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { getCaseFile } from "@/lib/cases/file";
import { openOrAddToCase } from "@/lib/cases/open";
import { addNote, assignCase, markTransaction } from "@/lib/cases/workflow";
import { NotFound } from "@/lib/errors";
import { buildFixture, NOW, RING_EMAIL, RING_WALLET, type Fixture, type FixtureLink } from "../accounts/support";
import { describeEachDb } from "../support/db";

/** The case file: what each viewer sees of one case, its transactions, timeline and related cases. */
describeEachDb("cases: the case file", (ctx) => {
  let fx: Fixture;
  let db: Db;
  let inv: StaffActor;
  let bankInv: StaffActor;
  let operator: StaffActor;
  let otherBank: StaffActor;
  let ringA: FixtureLink;
  let ringB: FixtureLink;
  let ringC: FixtureLink;
  let caseA: { id: string; reference: string };
  let caseB: { id: string; reference: string };
  let chargeB: string;

  const open = (link: FixtureLink, at = NOW) =>
    db.transaction((tx) => openOrAddToCase(tx, inv, { link: { id: link.id, bankId: fx.orgIds.get(link.bankCode)! }, source: "manual", severity: "high", at }));

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    inv = await fx.actor("investigator@carrier.demo");
    bankInv = await fx.actor("investigator@bank0101.demo");
    operator = await fx.actor("operator@bank0101.demo");
    otherBank = await fx.actor("investigator@bank0108.demo");
    ringA = fx.links.find((l) => l.walletId === RING_WALLET && l.bankCode === "0101")!;
    ringB = fx.links.find((l) => l.walletId === RING_WALLET && l.bankCode === "0108")!;
    ringC = fx.links.find((l) => l.bankCode === "0115" && l.email === RING_EMAIL.toLowerCase())!;
    const [t] = await db
      .insert(transactions)
      .values({ kind: "charge", walletId: RING_WALLET, linkedAccountId: ringB.id, bankId: fx.orgIds.get("0108")!, amountYen: 80_000, occurredAt: new Date(NOW.getTime() - 7_200_000) })
      .returning({ id: transactions.id });
    chargeB = t!.id;
    caseA = await open(ringA, new Date(NOW.getTime() - 86_400_000));
    caseB = await open(ringB);
    await open(ringC);
  });

  it("the header names the bank, the masked account, the wallet and the money; the carrier sees the wallet's transactions at every bank with their marks, and the loss follows the marks", async () => {
    const [own] = await db.select({ id: transactions.id, yen: transactions.amountYen }).from(transactions).where(eq(transactions.linkedAccountId, ringA.id));
    let v = (await getCaseFile(inv, caseA.reference)).case.version;
    v = (await markTransaction(inv, caseA.id, { transactionId: own!.id, fraudulent: true, version: v })).version;
    await markTransaction(inv, caseA.id, { transactionId: chargeB, fraudulent: false, version: v });
    const file = await getCaseFile(inv, caseA.reference.toLowerCase());
    expect(file.case).toMatchObject({
      reference: caseA.reference,
      status: "new",
      severity: "high",
      bank: { code: "0101" },
      link: { id: ringA.id, accountNumberMasked: `****${ringA.last4}`, holderName: ringA.holder },
      wallet: { id: RING_WALLET, email: RING_EMAIL },
      lossYen: own!.yen,
      confirmedLossYen: 0,
      outstandingYen: 0,
    });
    expect(JSON.stringify(file)).not.toContain(ringA.fullNumber);
    const byId = new Map(file.transactions.items.map((t) => [t.id, t]));
    expect(byId.get(own!.id)).toMatchObject({ ownLink: true, fraudulent: true, bankCode: "0101" });
    expect(byId.get(chargeB)).toMatchObject({ ownLink: false, fraudulent: false, bankCode: "0108", amountYen: 80_000 });
    expect(file.transactions.total).toBe(file.transactions.items.length);
    expect(file.assignees.map((a) => a.name).length).toBeGreaterThan(0);
  });

  it("a bank's staff see only their bank's transactions of the wallet; a related case at another bank is shown as existing and how it is related, never its reference, bank or loss", async () => {
    const file = await getCaseFile(bankInv, caseA.id);
    expect(file.transactions.items.every((t) => t.bankCode === "0101")).toBe(true);
    expect(file.transactions.items.some((t) => t.id === chargeB)).toBe(false);
    const hidden = file.related.items.filter((r) => !r.visible);
    expect(hidden).toHaveLength(2);
    expect(hidden).toEqual(expect.arrayContaining([{ visible: false, relations: ["wallet", "email"] }, { visible: false, relations: ["email"] }]));
    const text = JSON.stringify(file.related);
    expect(text).not.toContain(caseB.reference);
    expect(text).not.toContain(caseB.id);
    expect(text).not.toContain("0108");
    // The carrier sees them whole.
    const carrier = await getCaseFile(inv, caseA.id);
    expect(carrier.related.items).toEqual(expect.arrayContaining([expect.objectContaining({ visible: true, reference: caseB.reference, bankCode: "0108", relations: ["wallet", "email"] })]));
  });

  it("related through the device or the IP address the links were made from", async () => {
    const [l1, l2] = fx.byBank("0108").filter((l) => l.openCases === 0).slice(-2);
    const l3 = fx.byBank("0115").find((l) => l.email !== RING_EMAIL.toLowerCase())!;
    await db.update(linkedAccounts).set({ deviceId: "android-7f3a", ipAddress: "203.0.113.9" }).where(eq(linkedAccounts.id, l1!.id));
    await db.update(linkedAccounts).set({ deviceId: "android-7f3a" }).where(eq(linkedAccounts.id, l2!.id));
    await db.update(linkedAccounts).set({ ipAddress: "203.0.113.9" }).where(eq(linkedAccounts.id, l3.id));
    const c1 = await open(l1!);
    const c2 = await open(l2!);
    const c3 = await open(l3);
    const file = await getCaseFile(inv, c1.id);
    const rel = Object.fromEntries(file.related.items.map((r) => [r.visible ? r.reference : "?", r.relations]));
    expect(rel[c2.reference]).toEqual(["device"]);
    expect(rel[c3.reference]).toEqual(["ip"]);
    expect(await getCaseFile(otherBank, c1.id).then((f) => f.related.items)).toEqual(expect.arrayContaining([{ visible: false, relations: ["ip"] }]));
  });

  it("the timeline is newest first with who and when: notes, assignment with names, marks, and the bank's control changes within the case's time span only", async () => {
    const before = new Date(NOW.getTime() - 3 * 86_400_000);
    const within = new Date(Date.now() - 60_000);
    await db.insert(controlChanges).values([
      { bankId: fx.orgIds.get("0101")!, control: "charges", fromState: "open", toState: "suspended", reason: "Ring seen on the wallet", changedAt: within },
      { bankId: fx.orgIds.get("0101")!, control: "registrations", fromState: "open", toState: "suspended", reason: "Before the case", changedAt: before },
    ]);
    let v = (await getCaseFile(inv, caseA.id)).case.version;
    v = (await assignCase(inv, caseA.id, { assigneeId: bankInv.userId, version: v })).version;
    await addNote(operator, caseA.id, { text: "Customer *phoned*: <script>alert(1)</script>", version: v });
    const file = await getCaseFile(operator, caseA.id);
    const kinds = file.timeline.items.map((e) => e.kind);
    expect(kinds[0]).toBe("note");
    expect(kinds).toEqual(expect.arrayContaining(["opened", "transaction_marked", "assigned", "control_changed"]));
    expect(file.timeline.items.filter((e) => e.kind === "control_changed").map((e) => e.body.reason)).toEqual(["Ring seen on the wallet"]);
    const ats = file.timeline.items.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const note = file.timeline.items[0]!;
    expect(note.actor?.id).toBe(operator.userId);
    expect(note.body.text).toBe("Customer *phoned*: <script>alert(1)</script>");
    const assigned = file.timeline.items.find((e) => e.kind === "assigned")!;
    expect(file.people[String(assigned.body.to)]).toBe(bankInv.displayName);
    expect(file.assignees).toEqual([]);
  });

  it("another bank's case is not found, by id and by reference", async () => {
    await expect(getCaseFile(otherBank, caseA.id)).rejects.toBeInstanceOf(NotFound);
    await expect(getCaseFile(otherBank, caseA.reference)).rejects.toBeInstanceOf(NotFound);
    await expect(getCaseFile(bankInv, "C-1999-9999")).rejects.toBeInstanceOf(NotFound);
  });
});
