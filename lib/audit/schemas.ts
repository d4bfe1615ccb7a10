import { z } from "zod";
import { CURSOR_ERROR, cursorParam } from "@/lib/http/cursor";

/** The codes a refused filter carries; the console words each in its own language. */
export const AUDIT_FILTER_ERRORS = {
  date: "date",
  calendarDate: "calendar_date",
  toBeforeFrom: "to_before_from",
  bankCode: "bank_code",
  unknownBank: "unknown_bank",
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

/** A bank as the reader may see it named. */
export const auditBank = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string() });
export type AuditBank = z.output<typeof auditBank>;

/** A person named by an entry, when the reader may see them. */
export const auditPerson = z.object({ name: z.string(), email: z.string() });
export type AuditPerson = z.output<typeof auditPerson>;

/**
 * What an entry's entity is, in words (lib/audit/entities.ts resolves it within the reader's
 * scope: a bank's staff never see another bank's or organisation's names). Every part is null when
 * the reader may not see it or the entity is gone; the page then shows the entity's kind alone.
 */
export const auditEntity = z.object({
  /** The entry's entity_type (bank_control, user, api_key, linked_account, …). */
  type: z.string(),
  /** The bank it concerns. */
  bank: auditBank.nullable(),
  /** registrations or charges: the control a change or a loosening request is about. */
  control: z.enum(["registrations", "charges"]).nullable(),
  /** A person's name, an API key's name, a case's reference, an account's holder, a route. */
  name: z.string().nullable(),
  /** A person's e-mail, a key's prefix, an account's branch and masked number. */
  detail: z.string().nullable(),
  /** The console page of what it names, when the reader may open that page. */
  href: z.string().nullable(),
});
export type AuditEntity = z.output<typeof auditEntity>;

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
  /** Who did it, in words: the person's name, the API key's name; null for the system or an unknown e-mail. */
  actorName: z.string().nullable(),
  /** The entry's bank by name (the reader's own, for a bank's staff). */
  bank: auditBank.nullable(),
  entity: auditEntity,
  /** The people whose ids appear in before/after (requestedBy, approvedBy, userId), by id. */
  people: z.record(z.string(), auditPerson),
});
export type AuditItem = z.output<typeof auditItem>;
/** An entry as read from the table, before lib/audit/entities.ts names what it names. */
export type AuditRow = Omit<AuditItem, "actorName" | "bank" | "entity" | "people">;

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
