import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { caseEvents, cases, reimbursementApprovals, reimbursements } from "../schema";
import { zenginKana } from "@/lib/reimbursements/zengin";
import { INCIDENT_REFERENCE } from "./cases";
import { queryRows } from "./query";

/**
 * The reimbursement programme under way on the story's cases (INC-2020-001), so the
 * /reimbursements page has content in every queue: some approved, some waiting (one of ¥1,000,000
 * or more with the carrier's approval recorded and the bank's still to come), one rejected with its
 * reason. Written directly and deterministically (the cases in reference order), with the cases'
 * timeline entries and reimbursed amounts; the story's figures (losses, cases, banks) are untouched.
 * Rows go through the same constraints and trigger as the service's (no maker decides).
 */

const HOUR = 3_600_000;

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
  branch_code: string;
  account_type: "ordinary" | "current" | "savings";
  account_last4: string;
  holder_name_kana: string;
}

type Plan = { status: "pending" | "approved" | "rejected"; maker: string; approvers: string[]; partial?: boolean; share?: number; note?: string };

export async function writeReimbursements(tx: Queryable, userIds: Map<string, string>): Promise<{ count: number }> {
  const rows = await queryRows<StoryCase>(
    tx,
    sql`select c.id, c.reference, c.bank_id, o.bank_code, c.confirmed_loss_yen::text as confirmed_loss_yen, c.version,
          l.branch_code, l.account_type, l.account_last4, l.holder_name_kana
        from cases c join incidents i on i.id = c.incident_id and i.reference = ${INCIDENT_REFERENCE}
          join organisations o on o.id = c.bank_id join linked_accounts l on l.id = c.linked_account_id
        where c.outcome = 'confirmed_fraud' and c.confirmed_loss_yen > 0
        order by c.reference`,
  );
  const at = (code: string) => rows.filter((r) => r.bank_code === code);
  const big = rows.find((r) => Number(r.confirmed_loss_yen) >= 1_000_000 && (r.bank_code === "0101" || r.bank_code === "0108")) ?? rows.find((r) => Number(r.confirmed_loss_yen) >= 1_000_000);
  const picked = new Set<string>(big ? [big.id] : []);
  const take = (list: StoryCase[], n: number) => list.filter((r) => !picked.has(r.id)).slice(0, n).map((r) => (picked.add(r.id), r));
  const [a1, a2, a3] = take(at("0101"), 3);
  const [b1, b2] = take(at("0108"), 2);
  const others = take(
    rows.filter((r) => r.bank_code !== "0101" && r.bank_code !== "0108"),
    4,
  );
  const carrierInv = "investigator@carrier.demo";
  const plans: [StoryCase | undefined, Plan][] = [
    [a1, { status: "approved", maker: carrierInv, approvers: ["manager@carrier.demo"] }],
    [a2, { status: "pending", maker: "investigator@bank0101.demo", approvers: [] }],
    [a3, { status: "rejected", maker: carrierInv, approvers: ["manager@bank0101.demo"], note: "The bank compensated this customer directly in October 2020: record the bank's compensation and propose the rest." }],
    [b1, { status: "approved", maker: "investigator@bank0108.demo", approvers: ["manager2@carrier.demo"] }],
    [b2, { status: "pending", maker: carrierInv, approvers: [], share: 0.5 }],
    [big, { status: "pending", maker: carrierInv, approvers: ["manager@carrier.demo"], partial: true }],
    ...others.map((c, i): [StoryCase, Plan] => [c, i < 3 ? { status: "approved", maker: i % 2 ? "investigator2@carrier.demo" : carrierInv, approvers: [i % 2 ? "manager@carrier.demo" : "manager2@carrier.demo"] } : { status: "pending", maker: "investigator2@carrier.demo", approvers: [] }]),
  ];
  const user = (email: string) => {
    const id = userIds.get(email);
    if (!id) throw new Error(`seed: no staff ${email}`);
    return id;
  };
  const orgKindOf = (email: string) => (email.endsWith("@carrier.demo") ? "carrier" : "bank");
  let n = 0;
  const start = Date.UTC(2020, 9, 5, 1, 0); // 2020-10-05 10:00 Japan time
  for (const [c, plan] of plans) {
    if (!c) continue;
    const loss = Number(c.confirmed_loss_yen);
    const amountYen = plan.share ? Math.max(1, Math.floor((loss * plan.share) / 1000) * 1000) : loss;
    const requestedAt = new Date(start + n * 26 * HOUR);
    const decidedAt = new Date(requestedAt.getTime() + 20 * HOUR);
    const needed = amountYen >= 1_000_000 ? 2 : 1;
    const decided = plan.status !== "pending";
    const approvers = needed === 2 && plan.status === "approved" && plan.approvers.length < 2 ? [...plan.approvers, c.bank_code === "0108" ? "manager@bank0108.demo" : "manager@bank0101.demo"] : plan.approvers;
    const [r] = await tx
      .insert(reimbursements)
      .values({
        id: seedUuid(`reimbursement:${c.reference}`),
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
        status: plan.status,
        requestedBy: user(plan.maker),
        requestedAt,
        decidedBy: decided ? user(approvers.at(-1)!) : null,
        decidedAt: decided ? decidedAt : null,
        decisionNote: plan.note ?? null,
        updatedAt: decided ? decidedAt : requestedAt,
      })
      .returning({ id: reimbursements.id });
    for (const [i, email] of approvers.entries()) {
      await tx.insert(reimbursementApprovals).values({
        id: seedUuid(`reimbursement-approval:${c.reference}:${email}`),
        reimbursementId: r!.id,
        revision: 1,
        approverId: user(email),
        approverOrgKind: orgKindOf(email),
        decision: plan.status === "rejected" ? "reject" : "approve",
        comment: plan.status === "rejected" ? (plan.note ?? null) : null,
        at: new Date(decidedAt.getTime() - (approvers.length - 1 - i) * HOUR),
      });
    }
    await tx.insert(caseEvents).values({ caseId: c.id, kind: "reimbursement_proposed", body: { reimbursementId: r!.id, amountYen, approvalsNeeded: needed }, actorId: user(plan.maker), version: c.version, at: requestedAt });
    if (decided) {
      await tx.insert(caseEvents).values({
        caseId: c.id,
        kind: "reimbursement_decided",
        body: { reimbursementId: r!.id, decision: plan.status, amountYen, revision: 1, ...(plan.note ? { reason: plan.note } : {}) },
        actorId: user(approvers.at(-1)!),
        version: c.version,
        at: decidedAt,
      });
    }
    if (plan.status === "approved") await tx.update(cases).set({ reimbursedYen: sql`${cases.reimbursedYen} + ${amountYen}` }).where(sql`${cases.id} = ${c.id}`);
    n++;
  }
  return { count: n };
}
