import { z } from "zod";
import { cursorParam } from "@/lib/http/cursor";

/**
 * The reimbursements API's schemas (client-safe: the /reimbursements page builds its forms on these
 * with useZodResolver). Amounts are whole yen; a revision is called `version` in bodies.
 */

import { REIMBURSEMENT_QUEUES, REIMBURSEMENT_STATUSES, type ReimbursementQueue } from "./constants";
export { REIMBURSEMENT_QUEUES, REIMBURSEMENT_STATUSES, type ReimbursementQueue, type ReimbursementStatusName } from "./constants";

/** Most yen one reimbursement carries (the transfer file's 10-digit amount). */
export const MAX_REIMBURSEMENT_YEN = 9_999_999_999;
export const REASON_MAX = 2000;

/** The machine codes of the refusals (422 unless said), each on the field it names. */
export const REIMBURSEMENT_REFUSALS = {
  unknownCase: "unknown_case",
  caseNotConfirmed: "case_not_confirmed_fraud",
  pendingExists: "reimbursement_pending_exists",
  overAvailable: "amount_over_available",
  payeeReasonRequired: "payee_reason_required",
  unknownPayeeBank: "unknown_payee_bank",
  payeeName: "payee_name_not_transferable",
  notCompensatingBank: "not_victims_bank",
  overCompensation: "compensation_over_loss",
} as const;

const yen = z
  .number({ error: "Whole yen." })
  .int("Whole yen.")
  .positive("More than ¥0.")
  .max(MAX_REIMBURSEMENT_YEN, "At most ¥9,999,999,999.");
const text = (max: number) => z.string({ error: "Required." }).trim().min(1, "Required.").max(max, `At most ${max} characters.`);

/** Another account than the victim's own: Japan's bank (4 digits) and branch (3) codes, the account, the holder in katakana, and why. */
export const otherPayee = z.object({
  bankCode: z.string({ error: "Required." }).regex(/^\d{4}$/, "A bank code is 4 digits."),
  branchCode: z.string({ error: "Required." }).regex(/^\d{3}$/, "A branch code is 3 digits."),
  accountType: z.enum(["ordinary", "current", "savings"]).default("ordinary"),
  accountNumber: z.string({ error: "Required." }).regex(/^\d{7}$/, "An account number is 7 digits."),
  /** The holder's name in katakana (full- or half-width), as the transfer file must carry it. */
  holderKana: text(60),
  /** Why not the victim's own linked account (required). */
  reason: z.string().trim().max(REASON_MAX).optional(),
});
export type OtherPayee = z.output<typeof otherPayee>;

export const proposeRequest = z.object({
  caseId: z.string({ error: "Required." }).trim().min(1, "Required.").max(64),
  amountYen: yen,
  reason: text(REASON_MAX),
  /** Absent: the victim's own linked account. */
  payee: otherPayee.nullish(),
});
export type ProposeInput = z.input<typeof proposeRequest>;

export const editRequest = z.object({
  /** The revision the maker read. */
  version: z.number().int().positive(),
  amountYen: yen.optional(),
  reason: text(REASON_MAX).optional(),
  /** Null: back to the victim's own account; absent: unchanged. */
  payee: otherPayee.nullish(),
});

export const withdrawRequest = z.object({ version: z.number().int().positive().optional(), reason: z.string().trim().max(REASON_MAX).optional() });

/** A fresh one-time password of the approver's authenticator: 6 digits. */
const stepUpCode = z.string({ error: "Required." }).trim().regex(/^\d{6}$/, "Six digits.");

export const approveRequest = z.object({
  code: stepUpCode,
  /** The revision the approver reviewed. */
  version: z.number().int().positive(),
  note: z.string().trim().max(REASON_MAX).optional(),
});

export const rejectRequest = z.object({
  code: stepUpCode.optional(),
  version: z.number().int().positive().optional(),
  reason: text(REASON_MAX),
});

export const compensationRequest = z.object({
  amountYen: yen,
  note: text(REASON_MAX),
});

const jstDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "A date, YYYY-MM-DD.")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a calendar date.");

export const listQuery = z
  .object({
    queue: z.enum(REIMBURSEMENT_QUEUES).optional(),
    status: z.enum(REIMBURSEMENT_STATUSES).optional(),
    /** A bank's 4-digit code. */
    bank: z.string().regex(/^\d{4}$/, "A bank code is 4 digits.").optional(),
    caseId: z.string().uuid("A case id.").optional(),
    /** First and last Japan-time day of the proposal, included. */
    from: jstDate.optional(),
    to: jstDate.optional(),
    cursor: cursorParam,
    limit: z.coerce.number().int().min(1, "At least 1.").max(200, "At most 200.").default(50),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "Not before from." });
  });

// ---- Answers -----------------------------------------------------------------------------------

/** The arithmetic of a case's ceiling, in yen: available = loss − reimbursed − approved − pending − compensated. */
export const arithmetic = z.object({
  lossYen: z.number().int(),
  reimbursedYen: z.number().int(),
  approvedYen: z.number().int(),
  pendingYen: z.number().int(),
  compensatedYen: z.number().int(),
  availableYen: z.number().int(),
});
export type Arithmetic = z.output<typeof arithmetic>;

const person = z.object({ id: z.string(), name: z.string(), org: z.enum(["carrier", "bank"]) });

export const approvalView = z.object({
  approver: person,
  decision: z.enum(["approve", "reject"]),
  revision: z.number().int(),
  /** False once the proposal was edited after it (an earlier revision's approval is void). */
  current: z.boolean(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const PAYMENT_STATUSES = ["sent", "paid", "returned"] as const;

/** A transfer of a payout batch, as the bank's answer marks it. */
export const paymentView = z.object({
  batchId: z.string(),
  transferDate: z.string(),
  lineNo: z.number().int(),
  amountYen: z.number().int(),
  status: z.enum(PAYMENT_STATUSES),
  /** The paying bank's reference (paid). */
  bankReference: z.string().nullable(),
  /** Why the bank returned it (returned). */
  returnReason: z.string().nullable(),
  settledAt: z.string().nullable(),
});
export type PaymentView = z.output<typeof paymentView>;

export const reimbursementView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  status: z.enum(REIMBURSEMENT_STATUSES),
  amountYen: z.number().int(),
  reason: z.string(),
  bank: z.object({ id: z.string(), code: z.string(), nameJa: z.string(), nameEn: z.string() }),
  payee: z.object({
    kind: z.enum(["linked_account", "other"]),
    bankCode: z.string(),
    branchCode: z.string(),
    accountType: z.string(),
    /** The last four digits only. */
    accountLast4: z.string(),
    holderKana: z.string(),
    reason: z.string().nullable(),
  }),
  maker: person,
  requestedAt: z.string(),
  /** The revision (a body's `version`): editing bumps it and voids the approvals. */
  version: z.number().int(),
  approvalsNeeded: z.number().int(),
  /** The approvals of the current revision, and earlier (void) ones and rejections. */
  approvals: z.array(approvalView),
  decidedBy: person.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  sentAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  /** Its transfers, newest first: the one in a batch now (`sent`), paid, or returned by the bank (each return sends it back to approved). */
  payments: z.array(paymentView),
  viewer: z.object({
    canApprove: z.boolean(),
    approveBlockedBy: z.string().nullable(),
    canEdit: z.boolean(),
    canWithdraw: z.boolean(),
    /** The carrier's manager may mark its transfer in a batch (`payments[0]`, sent) paid or returned. */
    canSettle: z.boolean(),
  }),
});
export type ReimbursementView = z.output<typeof reimbursementView>;

const queueTotal = z.object({ count: z.number().int(), yen: z.number().int() });

export const reimbursementPage = z.object({
  items: z.array(reimbursementView),
  nextCursor: z.string().nullable(),
  /** Per queue in the caller's scope and the bank, case and day filters (not the queue or status): how many and how many yen. */
  totals: z.object(Object.fromEntries(REIMBURSEMENT_QUEUES.map((q) => [q, queueTotal])) as Record<ReimbursementQueue, typeof queueTotal>),
  /** With `caseId` (a case in scope): that case's arithmetic, what the case file's proposal form shows. */
  arithmetic: arithmetic.optional(),
});
export type ReimbursementPage = z.output<typeof reimbursementPage>;

export const reimbursementDetail = reimbursementView.extend({ arithmetic });

export const compensationView = z.object({
  id: z.string(),
  caseId: z.string(),
  amountYen: z.number().int(),
  note: z.string(),
  recordedBy: person,
  at: z.string(),
  arithmetic,
});

// ---- Payout batches ------------------------------------------------------------------------------

export const payoutBatchRequest = z.object({
  /** The Japan calendar date the bank is to transfer on. */
  transferDate: jstDate,
  lines: z
    .array(
      z.object({
        reimbursementId: z.string().uuid("A reimbursement id."),
        /** The victim's own account number (7 digits) as their bank confirmed it: required for a linked-account payee, checked against the link. */
        accountNumber: z.string().regex(/^\d{7}$/, "An account number is 7 digits.").optional(),
      }),
    )
    .min(1, "At least one reimbursement.")
    .max(1000, "At most 1,000 transfers in a batch.")
    .refine((ls) => new Set(ls.map((l) => l.reimbursementId)).size === ls.length, "A reimbursement once per batch."),
});

export const PAYOUT_REFUSALS = {
  unknownReimbursement: "unknown_reimbursement",
  notApproved: "reimbursement_not_approved",
  accountNumberRequired: "account_number_required",
  accountNumberMismatch: "account_number_mismatch",
  alreadyInBatch: "reimbursement_already_in_batch",
  alreadySettled: "payment_already_settled",
  notSent: "reimbursement_not_sent",
} as const;

/** The bank paid the transfer: its reference (as the bank's statement or result shows it). */
export const paymentPaidRequest = z.object({
  bankReference: z
    .string({ error: "Required." })
    .trim()
    .min(1, "Required.")
    .max(64, "At most 64 characters.")
    .regex(/^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/, "Letters, digits and signs as the bank prints them."),
});

/** The bank returned the transfer (組戻し / 不能): why; the reimbursement goes back to approved for a later batch. */
export const paymentReturnedRequest = z.object({ reason: text(REASON_MAX) });

export const payoutBatchView = z.object({
  id: z.string(),
  transferDate: z.string(),
  lineCount: z.number().int(),
  totalYen: z.number().int(),
  createdBy: person,
  createdAt: z.string(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      reimbursementId: z.string(),
      caseReference: z.string(),
      amountYen: z.number().int(),
      bankCode: z.string(),
      accountLast4: z.string(),
      holderKana: z.string(),
      /** The reimbursement's status now (approved again after a return, sent in a later batch …). */
      status: z.enum(REIMBURSEMENT_STATUSES),
      /** This transfer's: sent, paid or returned. */
      payment: z.enum(PAYMENT_STATUSES),
      bankReference: z.string().nullable(),
      returnReason: z.string().nullable(),
    }),
  ),
});
export type PayoutBatchView = z.output<typeof payoutBatchView>;

export const payoutBatchListQuery = z.object({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1, "At least 1.").max(200, "At most 200.").default(50),
});

export const payoutBatchPage = z.object({ items: z.array(payoutBatchView.omit({ lines: true })), nextCursor: z.string().nullable() });
