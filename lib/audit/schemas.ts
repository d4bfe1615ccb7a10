import { z } from "zod";
import { CURSOR_ERROR, cursorParam } from "@/lib/http/cursor";

/** The reasons a filter is refused; the console maps each to its own catalogue message. */
export const AUDIT_FILTER_ERRORS = {
  date: "A date as YYYY-MM-DD.",
  calendarDate: "Not a calendar date.",
  toBeforeFrom: "Must not be before the start date.",
  bankCode: "A 4-digit bank code.",
  unknownBank: "No bank has this code.",
  cursor: CURSOR_ERROR,
} as const;

/** An empty form field ("?action=") means "no filter", not "match the empty string". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function optionalText(max: number) {
  return z.preprocess(blankToUndefined, z.string().trim().max(max, `At most ${max} characters.`).optional());
}

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/** A Japan-time calendar day, YYYY-MM-DD. */
const jstDate = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, AUDIT_FILTER_ERRORS.date)
    .refine(isCalendarDate, AUDIT_FILTER_ERRORS.calendarDate)
    .optional(),
);

const filterShape = {
  /** Action prefix: "control." matches every action on controls. */
  action: optionalText(100),
  /** Part of the actor's e-mail or label (API key name), any case. */
  actor: optionalText(200),
  entityType: optionalText(100),
  entityId: optionalText(200),
  /** The 4-digit code of the bank the entry concerns. */
  bank: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{4}$/, AUDIT_FILTER_ERRORS.bankCode).optional()),
  /** First Japan-time day included. */
  from: jstDate,
  /** Last Japan-time day included. */
  to: jstDate,
};

function toNotBeforeFrom(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: AUDIT_FILTER_ERRORS.toBeforeFrom });
}

export const auditFilters = z.object(filterShape).superRefine(toNotBeforeFrom);
export type AuditFilters = z.output<typeof auditFilters>;

/** GET /api/v1/audit: the filters and the keyset cursor (the nextCursor of the previous page: the seq of its last entry). */
export const auditListQuery = z
  .object({
    ...filterShape,
    cursor: cursorParam,
  })
  .superRefine(toNotBeforeFrom);
export type AuditListQuery = z.output<typeof auditListQuery>;

export const auditItem = z.object({
  seq: z.number().int(),
  /** ISO 8601, UTC. */
  at: z.string(),
  actorLabel: z.string(),
  actorUserId: z.string().nullable(),
  actorApiKeyId: z.string().nullable(),
  orgId: z.string().nullable(),
  orgNameJa: z.string().nullable(),
  orgNameEn: z.string().nullable(),
  bankId: z.string().nullable(),
  bankCode: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditItem = z.output<typeof auditItem>;

export const auditPage = z.object({
  items: z.array(auditItem),
  /** Pass as `cursor` for the next (older) page; null on the last page. No total is counted. */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.output<typeof auditPage>;

export const verifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({
      seq: z.number().int(),
      reason: z.enum(["content_changed", "link_broken"]),
      previousSeq: z.number().int().nullable(),
      expected: z.string(),
      found: z.string(),
    })
    .optional(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  ms: z.number(),
});
