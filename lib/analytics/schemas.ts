import { z } from "zod";

/** Field codes the page translates (lib/i18n/messages/{ja,en}/analytics.ts). */
export const ANALYTICS_ERRORS = {
  date: "invalid_date",
  calendarDate: "not_a_calendar_date",
  toBeforeFrom: "to_before_from",
  unknownBank: "unknown_bank",
  unknownIncident: "unknown_incident",
} as const;

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}
const jstDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, ANALYTICS_ERRORS.date)
  .refine(isCalendarDate, ANALYTICS_ERRORS.calendarDate)
  .meta({ description: "A Japan-time calendar date, YYYY-MM-DD (both ends included)" });

/** The filters every analytics answer takes: a period of Japan days, banks, an incident. */
export const analyticsQuery = z
  .object({
    from: jstDate.optional(),
    to: jstDate.optional(),
    bank: z
      .string()
      .regex(/^\d{4}(,\d{4}){0,34}$/, ANALYTICS_ERRORS.unknownBank)
      .optional()
      .meta({ description: "Bank codes, comma-separated (a bank's staff: their own only)" }),
    incident: z.string().min(1).max(64).optional().meta({ description: "An incident's id or reference (INC-2020-001): only its cases; links and decisions (which belong to no case): those of the incident's banks over its period" }),
  })
  // Unknown query parameters are ignored, as by every other route's query (Next adds its own, `_rsc`); bodies are strict.
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: ANALYTICS_ERRORS.toBeforeFrom });
  });
export type AnalyticsQuery = z.output<typeof analyticsQuery>;

const bankRef = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string() });
export type BankRef = z.output<typeof bankRef>;

const filtersEcho = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  banks: z.array(bankRef).meta({ description: "The banks the figures cover (a bank's staff: their own)" }),
  incident: z
    .object({
      id: z.string(),
      reference: z.string(),
      title: z.string(),
      from: z.string().meta({ description: "The incident's period, Japan days: the day it started…" }),
      to: z.string().meta({ description: "…to today, or to its cases' last day once it is closed (links and decisions are counted at its banks over it)" }),
    })
    .nullable(),
  /** True for a bank's staff: `average` fields hold the average of all banks (per bank), never another bank's figure. */
  withAverage: z.boolean(),
});

export const headline = z.object({
  lossYen: z.number().int(),
  confirmedCases: z.number().int(),
  banksAffected: z.number().nullable(),
  totalBanks: z.number().int(),
  compensatedYen: z.number(),
  compensatedCases: z.number(),
  refusedCases: z.number(),
  refusedYen: z.number(),
  pendingCases: z.number(),
  pendingYen: z.number(),
  outstandingYen: z.number().meta({ description: "Decided and not paid back: refused cases' loss and what compensated cases still lack" }),
  compensationRate: z.number().nullable().meta({ description: "Compensated cases ÷ decided cases (compensated + refused); null when none is decided" }),
  blockedAttempts: z.number().meta({ description: "Link and charge attempts the decision API denied in the period (with an incident: at its banks over its period)" }),
});
export type Headline = z.output<typeof headline>;

export const summaryResponse = z.object({
  filters: filtersEcho,
  figures: headline,
  average: headline.nullable(),
  options: z.object({
    banks: z.array(bankRef),
    incidents: z.array(z.object({ id: z.string(), reference: z.string(), title: z.string() })),
  }),
});
export type AnalyticsSummary = z.output<typeof summaryResponse>;

const num = z.number();
export const lossOverTime = z.object({
  filters: filtersEcho,
  points: z.array(z.object({ day: z.string(), lossYen: num, cases: num, cumulativeYen: num, averageCumulativeYen: num.nullable() })),
  markers: z.array(z.object({ at: z.string(), day: z.string(), bank: bankRef, control: z.string(), fromState: z.string(), toState: z.string() })),
});
export const lossByBank = z.object({
  filters: filtersEcho,
  rows: z.array(z.object({ bank: bankRef.nullable().meta({ description: "null: the average of all banks" }), lossYen: num, compensatedYen: num, pendingYen: num, outstandingYen: num, cases: num })),
});
export const spendingByCategory = z.object({
  filters: filtersEcho,
  rows: z.array(z.object({ category: z.string(), yen: num, payments: num, averageYen: num.nullable() })),
});
export const linksByVerification = z.object({
  filters: filtersEcho,
  rows: z.array(z.object({ day: z.string(), pin_only: num, otp: num, identity_document: num, averagePinOnly: num.nullable() })),
});
export const caseFlow = z.object({
  filters: filtersEcho,
  weeks: z.array(z.object({ week: z.string(), opened: num, closed: num, averageOpened: num.nullable() })),
  ageBands: z.array(z.object({ band: z.string(), open: num, averageOpen: num.nullable() })),
  sla: z.object({ kept: num, breached: num, openWithin: num, openOverdue: num }),
  averageSla: z.object({ kept: num, breached: num, openWithin: num, openOverdue: num }).nullable(),
});
export const decisionsPerDay = z.object({
  filters: filtersEcho,
  rows: z.array(z.object({ day: z.string(), linkAllow: num, linkDeny: num, chargeAllow: num, chargeDeny: num })),
  byBank: z.array(z.object({ bank: bankRef.nullable(), allow: num, deny: num })),
});
export const regulatorTable = z.object({
  filters: filtersEcho,
  rows: z.array(
    z.object({
      bank: bankRef.nullable(),
      quarter: z.string(),
      cases: num,
      lossYen: num,
      compensatedCases: num,
      compensatedYen: num,
      refusedCases: num,
      pendingCases: num,
      compensationRate: num.nullable(),
    }),
  ),
});
