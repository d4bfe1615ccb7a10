import { z } from "zod";
import { cursorParam } from "@/lib/http/cursor";
import { CONTROLS, CONTROL_STATES, REASON_MAX, REASON_MIN, REQUEST_STATUSES, STATE_FILTERS } from "./constants";

/**
 * The per-bank switches and the shapes every controls route, the OpenAPI document and the client
 * forms share, built on constants.ts (which the client imports for the names and the state order).
 */
export {
  CONTROLS,
  CONTROL_STATES,
  REQUEST_STATUSES,
  REASON_MIN,
  REASON_MAX,
  STATE_FILTERS,
  stateRank,
  isTightening,
  type Control,
  type ControlStateName,
  type RequestStatus,
  type StateFilter,
} from "./constants";

const control = z.enum(CONTROLS, { error: "Choose registrations or charges." });
const state = z.enum(CONTROL_STATES, { error: "Choose open, strong_only or suspended." });
const reason = z
  .string({ error: "Required." })
  .trim()
  .min(REASON_MIN, `At least ${REASON_MIN} characters: say why.`)
  .max(REASON_MAX, `At most ${REASON_MAX} characters.`);
export const bankCode = z.string({ error: "Required." }).regex(/^[0-9]{4}$/, "A bank code is 4 digits.");
/** An instant with its offset, e.g. 2020-09-14T07:00:00.000Z or 2020-09-14T16:00:00+09:00. */
const instant = z.iso.datetime({ offset: true, error: "A date and time with its offset (ISO 8601)." }).transform((s) => new Date(s));

export const tightenRequest = z.object({
  control,
  toState: state,
  reason,
  /** The bank code typed by hand: a suspension cannot be confirmed by reflex. */
  confirmBankCode: z.string({ error: "Type the bank code to confirm." }).trim().min(1, "Type the bank code to confirm.").max(10),
});
export type TightenInput = z.input<typeof tightenRequest>;

/** A bulk change only tightens. */
const bulkState = z.enum(
  CONTROL_STATES.filter((s) => s !== "open") as ["strong_only", "suspended"],
  { error: "Bulk changes only tighten: choose strong_only or suspended." },
);

export const bulkTightenRequest = z.object({
  bankCodes: z.union([z.literal("all"), z.array(bankCode).min(1, "Choose at least one bank.").max(1000)], {
    error: 'A list of bank codes, or "all".',
  }),
  control,
  toState: bulkState,
  reason,
  /** The number of banks the change names, typed by hand (35 for all of them). */
  confirmCount: z.coerce.number({ error: "Type the number of banks." }).int("A whole number."),
});
export type BulkTightenInput = z.input<typeof bulkTightenRequest>;

export const looseningRequest = z.object({
  bankCode,
  control,
  toState: state,
  reason,
  /** When to apply the loosening once approved; absent or null: at approval. */
  scheduledFor: instant.nullish(),
});
export type LooseningInput = z.input<typeof looseningRequest>;

export const editLooseningRequest = z.object({
  /** The revision the editor saw: a stale edit is a conflict. */
  revision: z.number({ error: "Required." }).int().positive(),
  toState: state.optional(),
  reason: reason.optional(),
  scheduledFor: instant.nullish(),
});
export type EditLooseningInput = z.input<typeof editLooseningRequest>;

export const approveRequest = z.object({
  /** The revision the approver reviewed: approving an edited request is a conflict. */
  revision: z.number({ error: "Required." }).int().positive(),
  note: z.string().trim().max(REASON_MAX, `At most ${REASON_MAX} characters.`).optional(),
});
export type ApproveInput = z.input<typeof approveRequest>;

export const rejectRequest = z.object({
  revision: z.number().int().positive().optional(),
  note: z.string().trim().max(REASON_MAX, `At most ${REASON_MAX} characters.`).optional(),
});
export type RejectInput = z.input<typeof rejectRequest>;

export const cancelRequest = z.object({
  note: z.string().trim().max(REASON_MAX, `At most ${REASON_MAX} characters.`).optional(),
});


export const controlsQuery = z.object({
  q: z.string().trim().max(100, "At most 100 characters.").optional(),
  registrations: z.enum(STATE_FILTERS, { error: "Not a state filter." }).optional(),
  charges: z.enum(STATE_FILTERS, { error: "Not a state filter." }).optional(),
});
export type ControlsFilters = z.output<typeof controlsQuery>;

export const historyQuery = z.object({
  control: control.optional(),
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1, "At least 1.").max(200, "At most 200.").default(50),
});

export const blastRadiusQuery = z.object({
  control,
  toState: state,
});

/** The banks of a bulk change in a query string: "all" (the default) or codes separated by commas. */
export const bankCodeList = z
  .string()
  .regex(/^(all|[0-9]{4}(,[0-9]{4}){0,999})$/, 'Bank codes separated by commas, or "all".')
  .default("all");

/** The blast radius of a bulk tightening before it is sent: the same banks, control and state as the bulk-tighten body. */
export const bulkBlastRadiusQuery = z.object({
  bankCodes: bankCodeList,
  control,
  toState: bulkState,
});

export const requestsQuery = z.object({
  status: z.enum([...REQUEST_STATUSES, "open", "all"], { error: "Not a request status." }).default("open"),
  bankCode: bankCode.optional(),
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1, "At least 1.").max(200, "At most 200.").default(50),
});

// ---- Responses ---------------------------------------------------------------------------------

export const person = z.object({ name: z.string(), kind: z.enum(["staff", "api_key", "system"]), org: z.string().nullable() }).nullable();

export const controlView = z.object({
  control,
  state,
  since: z.string(),
  changedBy: person,
  /** For a loosening: the second person who approved it. */
  approvedBy: person,
  reason: z.string().nullable(),
  version: z.number(),
  /** Denied decisions for this control's operation since its last change (decision_counters, one-minute buckets). */
  blockedSinceChange: z.number(),
});

export const requestView = z.object({
  id: z.string().uuid(),
  bankId: z.string().uuid(),
  bankCode: z.string(),
  bankNameJa: z.string(),
  bankNameEn: z.string(),
  control,
  currentState: state,
  toState: state,
  reason: z.string(),
  scheduledFor: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  revision: z.number(),
  requestedBy: person,
  requestedByOrg: z.enum(["carrier", "bank"]),
  requestedAt: z.string(),
  decidedBy: person,
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** What the viewer may do with it, and why not (a code the UI translates). */
  viewer: z.object({
    canApprove: z.boolean(),
    approveBlockedBy: z.enum(["own_request", "not_manager", "needs_carrier", "api_key", "not_pending"]).nullable(),
    canEdit: z.boolean(),
    canCancel: z.boolean(),
  }),
});
export type RequestView = z.output<typeof requestView>;

export const bankControlsView = z.object({
  bankId: z.string().uuid(),
  bankCode: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  registrations: controlView,
  charges: controlView,
  openRequests: z.array(requestView),
  /** The viewer may change this bank's controls (own bank, or the carrier). */
  canChange: z.boolean(),
});
export type BankControlsView = z.output<typeof bankControlsView>;
export type ControlView = z.output<typeof controlView>;

const stateCounts = z.object({
  open: z.number(),
  strong_only: z.number(),
  suspended: z.number(),
  /** Denied decisions of this control's operation since each bank's last change, summed. */
  blocked: z.number(),
});

/** The counts on top of the board, over every bank in scope (before filtering). */
export const controlsSummary = z.object({
  registrations: stateCounts,
  charges: stateCounts,
  /** Loosenings waiting (pending, or approved and scheduled). */
  waiting: z.number(),
  /** Of those, the pending ones the viewer may approve now. */
  awaitingViewer: z.number(),
});
export type ControlsSummary = z.output<typeof controlsSummary>;

export const controlsResponse = z.object({
  banks: z.array(bankControlsView),
  /** Banks before filtering (so a filtered page can say "3 of 35"). */
  totalBanks: z.number(),
  summary: controlsSummary,
  viewer: z.object({
    isCarrier: z.boolean(),
    canTighten: z.boolean(),
    canRequestLoosening: z.boolean(),
    canApprove: z.boolean(),
    canBulkTighten: z.boolean(),
  }),
  generatedAt: z.string(),
});
export type ControlsResponse = z.output<typeof controlsResponse>;

const countYen = z.object({ count: z.number(), yen: z.number() });
const byVerification = z.object({ pin_only: z.number(), otp: z.number(), identity_document: z.number(), total: z.number() });

const stopped = z.object({
  activeLinks: z.number(),
  linksLast72h: z.number(),
  charges24h: countYen,
  charges7d: countYen,
});
export type Stopped = z.output<typeof stopped>;

/** What a state of one control touches: the figures, what the current state stops of them, what the new one would. */
const blastFigures = {
  activeLinks: byVerification,
  linksLast72h: byVerification,
  charges: z.object({ last24h: countYen, last7d: countYen }),
  /** What the current state stops of the above (for this control; the other figures are context). */
  stoppedNow: stopped,
  /** What the new state would have stopped of the above: more than now for a tightening, less for a loosening. */
  wouldStop: stopped,
};
export const blastFiguresSchema = z.object(blastFigures);
export type BlastFigures = z.output<typeof blastFiguresSchema>;

export const blastRadiusResponse = z.object({
  bankCode: z.string(),
  control,
  fromState: state,
  toState: state,
  computedAt: z.string(),
  ...blastFigures,
  elapsedMs: z.number(),
});
export type BlastRadius = z.output<typeof blastRadiusResponse>;

/** A bulk tightening's blast radius: the figures summed over the banks it would change (the others stay as they are). */
export const bulkBlastRadiusResponse = z.object({
  control,
  toState: state,
  computedAt: z.string(),
  banks: z.object({
    /** Banks the change names. */
    named: z.number(),
    /** Of those, the ones it changes: the figures are theirs. */
    changing: z.number(),
    /** Already at that state or stricter: they stay as they are. */
    already: z.number(),
  }),
  ...blastFigures,
  perBank: z.array(
    z.object({ bankCode: z.string(), nameJa: z.string(), nameEn: z.string(), fromState: state, changes: z.boolean(), wouldStop: stopped, stoppedNow: stopped }),
  ),
  elapsedMs: z.number(),
});
export type BulkBlastRadius = z.output<typeof bulkBlastRadiusResponse>;

export const changeResult = z.object({
  bankCode: z.string(),
  control,
  fromState: state,
  toState: state,
  version: z.number(),
  changedAt: z.string(),
  cancelledRequests: z.number(),
});
export type ChangeResult = z.output<typeof changeResult>;

export const bulkResult = z.object({
  control,
  toState: state,
  changed: z.number(),
  unchanged: z.number(),
  banks: z.array(
    z.object({
      bankCode: z.string(),
      nameJa: z.string(),
      nameEn: z.string(),
      outcome: z.enum(["changed", "already"]),
      fromState: state,
      state,
      version: z.number(),
    }),
  ),
});
export type BulkResult = z.output<typeof bulkResult>;

export const historyEntry = z.object({
  key: z.string(),
  kind: z.enum(["change", "requested", "approved", "rejected", "cancelled"]),
  at: z.string(),
  control,
  fromState: state.nullable(),
  toState: state,
  reason: z.string().nullable(),
  by: person,
  approvedBy: person,
  requestId: z.string().nullable(),
  scheduledFor: z.string().nullable(),
});
export type HistoryEntry = z.output<typeof historyEntry>;

export const historyResponse = z.object({
  bankCode: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  entries: z.array(historyEntry),
  nextCursor: z.string().nullable(),
});
export type HistoryResponse = z.output<typeof historyResponse>;

export const requestsResponse = z.object({ requests: z.array(requestView), nextCursor: z.string().nullable() });
