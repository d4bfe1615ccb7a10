import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { caseEvents, cases, payoutBatches, payoutLines, reimbursementApprovals, reimbursements } from "../schema";
import { fromJst } from "@/lib/jst";
import { zenginKana } from "@/lib/reimbursements/zengin";
import { INCIDENT_REFERENCE } from "./cases";
import { queryRows } from "./query";

/**
 * The reimbursement programme under way on the story's cases (INC-2020-001), so every queue of the
 * /reimbursements page has rows and its totals tell the story: the first victims paid (a payout
 * batch of October 2020, each transfer marked paid with the bank's reference; one of its transfers
 * returned by the bank and approved again, to pay), a second batch sent and waiting for the bank's
 * answer, some approved waiting for a batch, some waiting for approval (one of ¥1,000,000 or more
 * with the carrier's approval recorded and the bank's still to come), one rejected with its reason.
 * Written directly and deterministically (the cases in reference order, seeded ids; the victims'
 * 7-digit account numbers are the story's, `accountNumbers` by link id, as the batches need them),
 * with the cases' timeline entries and reimbursed amounts; the story's figures (losses, cases,
 * banks) are untouched. Rows go through the same constraints and trigger as the service's (no maker
 * decides; one payout line per reimbursement that is not returned).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A UUID of its own for each seeded row, from what it is (the seed is deterministic: its rows' ids too). */
function seedUuid(what: string): string {
  const h = crypto.createHash("sha256").update(`linkguard-seed:${what}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface StoryCase {
  id: string;
  reference: string;
  bank_id: string;
  bank_code: string;
  confirmed_loss_yen: string;
  version: number;
  link_id: string;
  branch_code: string;
  account_type: "ordinary" | "current" | "savings";
  account_last4: string;
  holder_name_kana: string;
}

/** What became of a proposal: `paid`, `sent` and `returned` went into a batch (`returned`: the bank returned it, approved again). */
type Outcome = "pending" | "approved" | "rejected" | "sent" | "paid" | "returned";
type Plan = { status: Outcome; maker: string; approvers: string[]; partial?: boolean; share?: number; note?: string; batch?: 1 | 2 };

const CARRIER_INV = "investigator@carrier.demo";
const CARRIER_INV2 = "investigator2@carrier.demo";
const PAYER = "manager@carrier.demo";
const SETTLER = "manager2@carrier.demo";
const REJECTION = "The bank compensated this customer directly in October 2020: record the bank's compensation and propose the rest.";
const RETURN_REASON = "振込不能: 受取銀行のシステム障害 (the receiving bank's system was down on the transfer date); to be sent again in a later batch.";

/** The two payout batches: the first paid (one transfer returned), the second sent and waiting for the bank's answer. */
const BATCHES = { 1: { transferDate: "2020-10-30", reference: "ZB20201030" }, 2: { transferDate: "2020-11-13", reference: null } } as const;

/** Who approves: a manager of the carrier or of the victim's bank, by turns, never the maker. */
const approverFor = (i: number) => (i % 2 ? "manager2@carrier.demo" : "manager@carrier.demo");

function plansFor(rows: StoryCase[]): [StoryCase, Plan][] {
  const at = (code: string) => rows.filter((r) => r.bank_code === code);
  const big = rows.find((r) => Number(r.confirmed_loss_yen) >= 1_000_000 && (r.bank_code === "0101" || r.bank_code === "0108")) ?? rows.find((r) => Number(r.confirmed_loss_yen) >= 1_000_000);
  const picked = new Set<string>(big ? [big.id] : []);
  const take = (list: StoryCase[], n: number) => list.filter((r) => !picked.has(r.id)).slice(0, n).map((r) => (picked.add(r.id), r));
  // Banks without staff in the demo cannot give the bank's approval a quorum of two needs: below the threshold only.
  const elsewhere = rows.filter((r) => r.bank_code !== "0101" && r.bank_code !== "0108" && Number(r.confirmed_loss_yen) < 1_000_000);
  const [a1, a2, a3] = take(at("0101"), 3);
  const [b1, b2] = take(at("0108"), 2);
  const accepted = (status: Outcome, batch?: 1 | 2) => (c: StoryCase, i: number): [StoryCase, Plan] => [c, { status, maker: i % 3 === 2 ? CARRIER_INV2 : CARRIER_INV, approvers: [approverFor(i)], batch }];
  // The first batch: four victims of bank 0101, three of 0108 and seven elsewhere, paid; one of 0101 returned.
  const paid = [...take(at("0101"), 4), ...take(at("0108"), 3), ...take(elsewhere, 7)].map(accepted("paid", 1));
  const returned = take(at("0101"), 1).map(accepted("returned", 1));
  const sent = [...take(at("0101"), 1), ...take(at("0108"), 1), ...take(elsewhere, 3)].map(accepted("sent", 2));
  const approved = take(elsewhere, 2).map(accepted("approved"));
  const [o1] = take(elsewhere, 1);
  const plans: [StoryCase | undefined, Plan][] = [
    ...paid,
    ...returned,
    ...sent,
    [a1, { status: "approved", maker: CARRIER_INV, approvers: ["manager@carrier.demo"] }],
    [b1, { status: "approved", maker: "investigator@bank0108.demo", approvers: ["manager2@carrier.demo"] }],
    ...approved,
    [a3, { status: "rejected", maker: CARRIER_INV, approvers: ["manager@bank0101.demo"], note: REJECTION }],
    [a2, { status: "pending", maker: "investigator@bank0101.demo", approvers: [] }],
    [b2, { status: "pending", maker: CARRIER_INV, approvers: [], share: 0.5 }],
    [big, { status: "pending", maker: CARRIER_INV, approvers: ["manager@carrier.demo"], partial: true }],
    [o1, { status: "pending", maker: CARRIER_INV2, approvers: [] }],
  ];
  return plans.filter((p): p is [StoryCase, Plan] => p[0] !== undefined);
}

/** The reimbursement's own status for what became of it. */
const statusOf = (o: Outcome) => (o === "returned" ? "approved" : o);

export async function writeReimbursements(tx: Queryable, userIds: Map<string, string>, accountNumbers: Map<string, string>): Promise<{ count: number }> {
  const rows = await queryRows<StoryCase>(
    tx,
    sql`select c.id, c.reference, c.bank_id, o.bank_code, c.confirmed_loss_yen::text as confirmed_loss_yen, c.version,
          l.id as link_id, l.branch_code, l.account_type, l.account_last4, l.holder_name_kana
        from cases c join incidents i on i.id = c.incident_id and i.reference = ${INCIDENT_REFERENCE}
          join organisations o on o.id = c.bank_id join linked_accounts l on l.id = c.linked_account_id
        where c.outcome = 'confirmed_fraud' and c.confirmed_loss_yen > 0
        order by c.reference`,
  );
  const user = (email: string) => {
    const id = userIds.get(email);
    if (!id) throw new Error(`seed: no staff ${email}`);
    return id;
  };
  const orgKindOf = (email: string) => (email.endsWith("@carrier.demo") ? "carrier" : "bank");
  const start = Date.UTC(2020, 9, 5, 1, 0); // 2020-10-05 10:00 Japan time
  const lines: Record<1 | 2, { c: StoryCase; reimbursementId: string; amountYen: number; outcome: Outcome; decidedAt: Date }[]> = { 1: [], 2: [] };
  const plans = plansFor(rows);
  for (const [n, [c, plan]] of plans.entries()) {
    const loss = Number(c.confirmed_loss_yen);
    const amountYen = plan.share ? Math.max(1, Math.floor((loss * plan.share) / 1000) * 1000) : loss;
    // The batches' proposals came first, about two a day; the later ones a day apart.
    const requestedAt = new Date(start + (plan.batch ? n * 11 * HOUR : (n + 10) * 26 * HOUR));
    const decidedAt = new Date(requestedAt.getTime() + 20 * HOUR);
    const needed = amountYen >= 1_000_000 ? 2 : 1;
    const decided = plan.status !== "pending";
    const status = statusOf(plan.status);
    const approvers = needed === 2 && status !== "pending" && status !== "rejected" && plan.approvers.length < 2 ? [...plan.approvers, `manager@bank${c.bank_code}.demo`] : plan.approvers;
    const id = seedUuid(`reimbursement:${c.reference}`);
    await tx.insert(reimbursements).values({
      id,
      caseId: c.id,
      bankId: c.bank_id,
      amountYen,
      reason: "Confirmed fraudulent charges of INC-2020-001: the carrier's promise to reimburse the victims.",
      payeeKind: "linked_account",
      payeeBankCode: c.bank_code,
      payeeBranchCode: c.branch_code,
      payeeAccountType: c.account_type,
      payeeAccountLast4: c.account_last4,
      payeeNameKana: zenginKana(c.holder_name_kana).text.slice(0, 30),
      approvalsNeeded: needed,
      status,
      requestedBy: user(plan.maker),
      requestedAt,
      decidedBy: decided ? user(approvers.at(-1)!) : null,
      decidedAt: decided ? decidedAt : null,
      decisionNote: plan.note ?? null,
      updatedAt: decided ? decidedAt : requestedAt,
    });
    for (const [i, email] of approvers.entries()) {
      await tx.insert(reimbursementApprovals).values({
        id: seedUuid(`reimbursement-approval:${c.reference}:${email}`),
        reimbursementId: id,
        revision: 1,
        approverId: user(email),
        approverOrgKind: orgKindOf(email),
        decision: plan.status === "rejected" ? "reject" : "approve",
        comment: plan.status === "rejected" ? (plan.note ?? null) : null,
        at: new Date(decidedAt.getTime() - (approvers.length - 1 - i) * HOUR),
      });
    }
    await tx.insert(caseEvents).values({ caseId: c.id, kind: "reimbursement_proposed", body: { reimbursementId: id, amountYen, approvalsNeeded: needed }, actorId: user(plan.maker), version: c.version, at: requestedAt });
    if (decided) {
      await tx.insert(caseEvents).values({
        caseId: c.id,
        kind: "reimbursement_decided",
        body: { reimbursementId: id, decision: status === "rejected" ? "rejected" : "approved", amountYen, revision: 1, ...(plan.note ? { reason: plan.note } : {}) },
        actorId: user(approvers.at(-1)!),
        version: c.version,
        at: decidedAt,
      });
    }
    if (status !== "pending" && status !== "rejected") await tx.update(cases).set({ reimbursedYen: sql`${cases.reimbursedYen} + ${amountYen}` }).where(sql`${cases.id} = ${c.id}`);
    if (plan.batch) lines[plan.batch].push({ c, reimbursementId: id, amountYen, outcome: plan.status, decidedAt });
  }
  for (const key of [1, 2] as const) await writeBatch(tx, key, lines[key], accountNumbers, user);
  return { count: plans.length };
}

/**
 * A payout batch made the day after its last approval, transferring two days later; each line pays
 * the victim's own account (the story's 7-digit number, which the link's hash was made from). The
 * first batch's transfers are marked paid the evening of the transfer date (one returned instead).
 */
async function writeBatch(
  tx: Queryable,
  key: 1 | 2,
  members: { c: StoryCase; reimbursementId: string; amountYen: number; outcome: Outcome; decidedAt: Date }[],
  accountNumbers: Map<string, string>,
  user: (email: string) => string,
): Promise<void> {
  if (members.length === 0) return;
  const { transferDate, reference } = BATCHES[key];
  const createdAt = fromJst(`${transferDate} 10:00`);
  createdAt.setTime(createdAt.getTime() - 2 * DAY);
  const settledAt = fromJst(`${transferDate} 17:30`);
  const batchId = seedUuid(`payout-batch:${key}`);
  await tx.insert(payoutBatches).values({ id: batchId, transferDate, lineCount: members.length, totalYen: members.reduce((t, m) => t + m.amountYen, 0), createdBy: user(PAYER), createdAt });
  for (const [i, m] of members.entries()) {
    const accountNumber = accountNumbers.get(m.c.link_id);
    if (!accountNumber) throw new Error(`seed: no account number for the link of ${m.c.reference}`);
    if (m.decidedAt >= createdAt) throw new Error(`seed: ${m.c.reference} approved after its batch`);
    const lineNo = i + 1;
    const paid = m.outcome === "paid";
    const returned = m.outcome === "returned";
    await tx.insert(payoutLines).values({
      id: seedUuid(`payout-line:${key}:${m.c.reference}`),
      batchId,
      reimbursementId: m.reimbursementId,
      lineNo,
      amountYen: m.amountYen,
      accountNumber,
      status: paid ? "paid" : returned ? "returned" : "sent",
      bankReference: paid ? `${reference}-${String(lineNo).padStart(4, "0")}` : null,
      returnReason: returned ? RETURN_REASON : null,
      settledBy: paid || returned ? user(SETTLER) : null,
      settledAt: paid || returned ? settledAt : null,
    });
    await tx
      .update(reimbursements)
      .set(paid ? { sentAt: createdAt, paidAt: settledAt, updatedAt: settledAt } : returned ? { updatedAt: settledAt } : { sentAt: createdAt, updatedAt: createdAt })
      .where(sql`${reimbursements.id} = ${m.reimbursementId}`);
    if (paid || returned) {
      const where = { batchId, transferDate, lineNo, amountYen: m.amountYen };
      await tx.insert(caseEvents).values({
        caseId: m.c.id,
        kind: paid ? "reimbursement_paid" : "reimbursement_returned",
        body: { reimbursementId: m.reimbursementId, ...where, ...(paid ? { bankReference: `${reference}-${String(lineNo).padStart(4, "0")}` } : { reason: RETURN_REASON }) },
        actorId: user(SETTLER),
        version: m.c.version,
        at: settledAt,
      });
    }
  }
}
