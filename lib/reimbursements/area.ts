import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable, Tx } from "@/db";
import { caseCompensations, cases, organisations, reimbursementApprovals, reimbursements } from "@/db/schema";
import type { ApprovalArea, Locked } from "@/lib/approvals/engine";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { bankScope } from "@/lib/auth/scope";
import { writeAudit } from "@/lib/audit/write";
import { appendCaseEvent } from "@/lib/cases/write";
import type { CaseRow } from "@/lib/cases/find";
import { AppError, Conflict, NotFound, fieldError } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { REIMBURSEMENT_REFUSALS, type Arithmetic } from "./schemas";

/**
 * Reimbursements on the one approval mechanism (lib/approvals/engine.ts): what differs from the
 * other areas is here. The lock order is the case's row, then the reimbursement's (proposing, editing,
 * approving and rejecting all take the case first, so the ceiling's arithmetic is never read while
 * another writer changes it). Deciding: a manager (reimbursements.decide) of the carrier or of the
 * victim's bank, never the maker (the engine refuses the requester; the database trigger refuses an
 * approval row naming the maker). At or above the threshold two approvals are needed, one of each
 * side; each approver's approval of a revision is one row of reimbursement_approvals (unique), and
 * the reimbursement is approved (to pay) in the transaction of the approval that completes it.
 */

export type ReimbursementRow = typeof reimbursements.$inferSelect;
export type ApprovalRow = typeof reimbursementApprovals.$inferSelect;

export interface LockedReimbursement extends Locked<ReimbursementRow> {
  caseRow: CaseRow;
  /** The decisions recorded on the current revision. */
  decisions: ApprovalRow[];
}

export type ReimbursementBlock = "not_manager" | "already_approved" | "needs_carrier" | "needs_bank";

export const REIMBURSEMENT_BLOCK_MESSAGES: Record<ReimbursementBlock | "api_key" | "own_request" | "not_pending", string> = {
  api_key: "An API key never approves or rejects a reimbursement: a manager decides.",
  not_manager: "Your role does not allow reimbursements.decide.",
  own_request: "Nobody approves or rejects their own reimbursement proposal: another manager decides.",
  not_pending: "The reimbursement is no longer waiting for a decision.",
  already_approved: "You already approved this revision: the other approval comes from someone else.",
  needs_carrier: "This reimbursement needs its second approval from a manager of the carrier.",
  needs_bank: "This reimbursement needs its second approval from a manager of the victim's bank.",
};

/** Why the actor may not be the next approver, beyond the engine's common rules (the quorum's sides). */
export function reimbursementCheckerBlock(actor: StaffActor, r: { approvalsNeeded: number }, decisions: readonly { approverId: string; approverOrgKind: string; decision: string }[]): ReimbursementBlock | null {
  const approvals = decisions.filter((d) => d.decision === "approve");
  if (approvals.some((d) => d.approverId === actor.userId)) return "already_approved";
  if (r.approvalsNeeded >= 2 && approvals.some((d) => d.approverOrgKind === actor.orgKind)) return actor.orgKind === "carrier" ? "needs_bank" : "needs_carrier";
  return null;
}

export const reimbursementRoleBlock = (actor: StaffActor): ReimbursementBlock | null => (can(actor, "reimbursements.decide") ? null : "not_manager");

/** The ceiling of a case: its confirmed loss less what is paid, approved (or sent), pending and compensated by the bank. */
export async function arithmeticOf(db: Queryable, c: { id: string; confirmedLossYen: number }, exceptId?: string): Promise<Arithmetic> {
  const [sums] = await db
    .select({
      paid: sql<string>`coalesce(sum(${reimbursements.amountYen}) filter (where ${reimbursements.status} = 'paid'), 0)::text`,
      approved: sql<string>`coalesce(sum(${reimbursements.amountYen}) filter (where ${reimbursements.status} in ('approved', 'sent')), 0)::text`,
      pending: sql<string>`coalesce(sum(${reimbursements.amountYen}) filter (where ${reimbursements.status} = 'pending'${exceptId ? sql` and ${reimbursements.id} <> ${exceptId}` : sql``}), 0)::text`,
    })
    .from(reimbursements)
    .where(eq(reimbursements.caseId, c.id));
  const [comp] = await db
    .select({ yen: sql<string>`coalesce(sum(${caseCompensations.amountYen}), 0)::text` })
    .from(caseCompensations)
    .where(eq(caseCompensations.caseId, c.id));
  const a = { lossYen: c.confirmedLossYen, reimbursedYen: Number(sums?.paid ?? 0), approvedYen: Number(sums?.approved ?? 0), pendingYen: Number(sums?.pending ?? 0), compensatedYen: Number(comp?.yen ?? 0) };
  return { ...a, availableYen: Math.max(0, a.lossYen - a.reimbursedYen - a.approvedYen - a.pendingYen - a.compensatedYen) };
}

/** 422 (or 409 at approval) amount_over_available on `amountYen`, with the arithmetic in the params. */
export function overAvailable(a: Arithmetic, status: 409 | 422 = 422): AppError {
  return new AppError(status, REIMBURSEMENT_REFUSALS.overAvailable, `The amount is more than the case's available ceiling (¥${a.availableYen}).`, { amountYen: fieldError(REIMBURSEMENT_REFUSALS.overAvailable, a) }, a);
}

export function isConfirmedFraud(c: CaseRow): boolean {
  return c.status === "closed" && c.outcome === "confirmed_fraud";
}

/** The case, then the reimbursement, locked; scoped to the actor's bank (another bank's is 404). */
export async function lockReimbursement(tx: Tx, actor: Actor, id: string): Promise<LockedReimbursement> {
  if (!isUuid(id)) throw new NotFound("reimbursement");
  const [peek] = await tx
    .select({ caseId: reimbursements.caseId })
    .from(reimbursements)
    .where(and(eq(reimbursements.id, id), bankScope(actor, reimbursements.bankId)));
  if (!peek) throw new NotFound("reimbursement");
  const [caseRow] = await tx.select().from(cases).where(eq(cases.id, peek.caseId)).for("update");
  const [record] = await tx.select().from(reimbursements).where(eq(reimbursements.id, id)).for("update");
  if (!caseRow || !record) throw new NotFound("reimbursement");
  const decisions = await tx
    .select()
    .from(reimbursementApprovals)
    .where(and(eq(reimbursementApprovals.reimbursementId, id), eq(reimbursementApprovals.revision, record.revision)));
  return { record, caseRow, decisions };
}

export function reimbursementAudit(r: ReimbursementRow) {
  return {
    caseId: r.caseId,
    amountYen: r.amountYen,
    reason: r.reason,
    payeeKind: r.payeeKind,
    payeeBankCode: r.payeeBankCode,
    payeeBranchCode: r.payeeBranchCode,
    payeeAccountLast4: r.payeeAccountLast4,
    payeeReason: r.payeeReason,
    approvalsNeeded: r.approvalsNeeded,
    status: r.status,
    revision: r.revision,
  };
}

export const reimbursementsArea: ApprovalArea<ReimbursementRow, LockedReimbursement, ReimbursementBlock> = {
  noun: "reimbursement",
  table: reimbursements,
  lock: lockReimbursement,
  roleBlock: reimbursementRoleBlock,
  checkerBlock: (actor, l) => reimbursementCheckerBlock(actor, l.record, l.decisions),
  blockMessages: REIMBURSEMENT_BLOCK_MESSAGES,
  blockCodes: { already_approved: "already_approved", needs_carrier: "needs_carrier_approval", needs_bank: "needs_bank_approval" },
  conflictBlocks: ["already_approved"],
  openStatuses: ["pending"],
  appliedStatus: "approved",
  // The case may have been reopened, or the bank may have compensated, since the proposal.
  stillApplies: (l) => {
    if (!isConfirmedFraud(l.caseRow)) throw new Conflict("The case is no longer closed as confirmed fraud: the reimbursement cannot be approved.", { caseId: fieldError(REIMBURSEMENT_REFUSALS.caseNotConfirmed) });
  },
  quorum: {
    partlyApproved: "reimbursement.approval_recorded",
    record: async (tx, actor, l, input) => {
      const a = await arithmeticOf(tx, l.caseRow, l.record.id);
      if (l.record.amountYen > a.availableYen) throw overAvailable(a, 409);
      const inserted = await tx
        .insert(reimbursementApprovals)
        .values({ reimbursementId: l.record.id, revision: input.revision, approverId: actor.userId, approverOrgKind: actor.orgKind, decision: "approve", comment: input.note || null })
        .onConflictDoNothing()
        .returning({ id: reimbursementApprovals.id });
      if (inserted.length === 0) throw new AppError(409, "already_approved", REIMBURSEMENT_BLOCK_MESSAGES.already_approved);
      const approvals = l.decisions.filter((d) => d.decision === "approve").length + 1;
      return { complete: approvals >= l.record.approvalsNeeded };
    },
  },
  apply: async (tx, l, by) => {
    const r = l.record;
    await tx
      .update(cases)
      .set({ reimbursedYen: sql`${cases.reimbursedYen} + ${r.amountYen}` })
      .where(eq(cases.id, r.caseId));
    await appendCaseEvent(tx, by.actor as Actor, l.caseRow, { kind: "reimbursement_decided", body: { reimbursementId: r.id, decision: "approved", amountYen: r.amountYen, revision: r.revision } });
    await writeAudit(tx, by.actor, {
      action: "reimbursement.approved",
      entityType: "reimbursement",
      entityId: r.id,
      bankId: r.bankId,
      before: { status: "pending", revision: r.revision, caseReimbursedYen: l.caseRow.reimbursedYen },
      after: { ...reimbursementAudit(r), status: "approved", approvedBy: by.approvedBy, approvers: [...l.decisions.filter((d) => d.decision === "approve").map((d) => d.approverId), by.approvedBy], caseReimbursedYen: l.caseRow.reimbursedYen + r.amountYen },
    });
  },
  audit: {
    entityType: "reimbursement",
    bankId: (l) => l.record.bankId,
    actions: {
      requested: "reimbursement.proposed",
      revised: "reimbursement.edited",
      cancelled: "reimbursement.withdrawn",
      approved: "reimbursement.approved",
      rejected: "reimbursement.rejected",
    },
    view: reimbursementAudit,
  },
  onlyRequester: {
    revise: "Only the investigator who proposed the reimbursement edits it.",
    cancel: "Only the investigator who proposed the reimbursement withdraws it; a manager may reject it.",
  },
};

/** The bank's code and names of some banks, by id. */
export async function banksById(db: Queryable, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; code: string; nameJa: string; nameEn: string }>();
  const rows = await db
    .select({ id: organisations.id, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { ...r, code: r.code ?? "" }]));
}
