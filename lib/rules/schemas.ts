import { z } from "zod";
import { CASE_SEVERITIES } from "@/lib/cases/constants";
import { closedObject } from "@/lib/decisions/schemas";
import {
  DEFAULT_RULE_PARAMS,
  DRY_RUN_MAX_DAYS,
  IDENTITY_KEYS,
  PARAM_LIMITS,
  RULE_CODES,
  RULE_MODES,
  SPEND_CATEGORIES,
  type NumericParam,
  type RuleCode,
  type RuleParamsByCode,
} from "./constants";

export * from "./constants";

/** Codes a refused field carries beyond zod's own; the console words each. */
export const RULE_ERRORS = {
  date: "date",
  calendarDate: "calendar_date",
  toBeforeFrom: "to_before_from",
  periodTooLong: "period_too_long",
  duplicate: "duplicate_value",
} as const;

const strict = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, closedObject);

const whole = (name: NumericParam) => {
  const { min, max } = PARAM_LIMITS[name];
  return z.number().int().min(min).max(max);
};
const severity = z.enum(CASE_SEVERITIES);
const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .refine((v) => new Set(v).size === v.length, RULE_ERRORS.duplicate);

/** Each rule's parameters: exactly these fields (an unknown one is refused by name). */
export const ruleParamsSchemas = {
  pin_then_charge: strict({ windowHours: whole("windowHours"), severity }),
  multi_bank_identity: strict({ windowDays: whole("windowDays"), minBanks: whole("minBanks"), matchOn: uniqueList(z.enum(IDENTITY_KEYS)), severity }),
  cash_out: strict({ windowMinutes: whole("windowMinutes"), spendPercent: whole("spendPercent"), categories: uniqueList(z.enum(SPEND_CATEGORIES)), severity }),
  link_burst: strict({ windowMinutes: whole("windowMinutes"), excessLinks: whole("excessLinks"), baselineDays: whole("baselineDays"), severity }),
} satisfies { [C in RuleCode]: z.ZodType<RuleParamsByCode[C]> };

/** Any rule's parameters, for the document (the service checks them against the named rule's). */
export const ruleParams = z.union([ruleParamsSchemas.pin_then_charge, ruleParamsSchemas.multi_bank_identity, ruleParamsSchemas.cash_out, ruleParamsSchemas.link_burst]);

export const ruleCode = z.enum(RULE_CODES);
export const ruleCodeParams = z.object({ code: ruleCode });

/** A stored or proposed params object, read against the rule's schema; missing fields take the defaults. */
export function readParams<C extends RuleCode>(code: C, raw: unknown): RuleParamsByCode[C] {
  const merged = { ...DEFAULT_RULE_PARAMS[code], ...(raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) };
  const parsed = (ruleParamsSchemas[code] as unknown as z.ZodType<RuleParamsByCode[C]>).safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_RULE_PARAMS[code];
}

/** PATCH /api/v1/rules/{code}: the mode, the params or both, with the version the person read. */
export const ruleChangeRequest = strict({
  version: z.number().int().min(1),
  mode: z.enum(RULE_MODES).optional(),
  /** The rule's whole parameter set (see each rule's fields in the list answer). */
  params: z.record(z.string(), z.unknown()).optional(),
}).refine((v) => v.mode !== undefined || v.params !== undefined, { message: "nothing_to_change", path: ["mode"] });

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}
const jstDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, RULE_ERRORS.date).refine(isCalendarDate, RULE_ERRORS.calendarDate);

/** POST /api/v1/rules/{code}/dry-run: candidate params over a period of Japan-time days (both included; default: all history). */
export const dryRunRequest = strict({
  params: z.record(z.string(), z.unknown()).optional(),
  from: jstDay.optional(),
  to: jstDay.optional(),
}).superRefine((v, ctx) => {
  if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: RULE_ERRORS.toBeforeFrom });
  if (v.from && v.to && (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 > DRY_RUN_MAX_DAYS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: RULE_ERRORS.periodTooLong, params: { maximum: DRY_RUN_MAX_DAYS } });
  }
});

export const ruleSummary = z.object({
  code: ruleCode,
  mode: z.enum(RULE_MODES),
  params: ruleParams,
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable().meta({ description: "The name of who changed it last" }),
  /** Hits in the last 7 days, by the mode the rule was in. */
  hits7d: z.object({ total: z.number().int(), on: z.number().int(), shadow: z.number().int(), casesOpened: z.number().int() }),
  hitsByDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
});
export const rulesList = z.object({ items: z.array(ruleSummary), canManage: z.boolean() });
export type RuleSummary = z.output<typeof ruleSummary>;

export const flaggedLink = z.object({
  linkId: z.string(),
  bankCode: z.string(),
  holderNameKana: z.string(),
  accountMasked: z.string(),
  walletId: z.string(),
  /** When the rule would have fired (the event that completed the pattern). */
  at: z.string(),
  knownFraud: z.boolean(),
});

export const dryRunResult = z.object({
  code: ruleCode,
  params: ruleParams,
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Cases it would have opened: one per link (later hits add to the link's case). */
  cases: z.number().int(),
  hits: z.number().int(),
  knownFraud: z.number().int().meta({ description: "Flagged links whose case was closed as confirmed fraud" }),
  ordinary: z.number().int(),
  /** Links of confirmed-fraud cases in the period, the denominator of knownFraud. */
  fraudLinksInPeriod: z.number().int(),
  links: z.array(flaggedLink),
  tookMs: z.number(),
});
export type DryRunResult = z.output<typeof dryRunResult>;

/** The SLA: hours from opening to due, per severity. */
const slaHoursShape = Object.fromEntries(CASE_SEVERITIES.map((s) => [s, z.number().int().min(1).max(2_160)])) as Record<(typeof CASE_SEVERITIES)[number], z.ZodNumber>;
export const slaPolicy = z.object({ hours: z.strictObject(slaHoursShape, closedObject), updatedAt: z.string().nullable(), canManage: z.boolean() });
export const slaChangeRequest = strict({ hours: z.strictObject(slaHoursShape, closedObject) });
export type SlaChange = z.output<typeof slaChangeRequest>;
