/**
 * The detection rules' codes, modes, parameters and their limits, without zod: the rules page
 * imports these (schemas.ts builds its shapes on them), so the page does not load zod for them.
 */
import type { CaseSeverity } from "@/lib/cases/constants";

export const RULE_CODES = ["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** on: opens cases (and records the hit); shadow: records what it would have opened; off: nothing. */
export const RULE_MODES = ["on", "shadow", "off"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export const IDENTITY_KEYS = ["email", "device", "ip"] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];

export const SPEND_CATEGORIES = ["convenience_store", "home_appliances", "online", "other"] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

export interface PinThenChargeParams {
  /** A charge at most this many hours after a PIN-only link. */
  windowHours: number;
  severity: CaseSeverity;
}
export interface MultiBankIdentityParams {
  /** Links at different banks at most this many days apart. */
  windowDays: number;
  /** How many banks one identity must reach. */
  minBanks: number;
  /** What counts as one identity: the wallet's e-mail, the device, the IP address. */
  matchOn: IdentityKey[];
  severity: CaseSeverity;
}
export interface CashOutParams {
  /** Spending within this many minutes of the charge. */
  windowMinutes: number;
  /** At least this share of the charge, in percent. */
  spendPercent: number;
  /** Spent at these merchant categories. */
  categories: SpendCategory[];
  severity: CaseSeverity;
}
export interface LinkBurstParams {
  /** The window new links are counted in. */
  windowMinutes: number;
  /** More than this many links above the bank's usual count for such a window. */
  excessLinks: number;
  /** The usual rate: the bank's new links per window over this many days before. */
  baselineDays: number;
  severity: CaseSeverity;
}

export interface RuleParamsByCode {
  pin_then_charge: PinThenChargeParams;
  multi_bank_identity: MultiBankIdentityParams;
  cash_out: CashOutParams;
  link_burst: LinkBurstParams;
}
export type RuleParams = RuleParamsByCode[RuleCode];

/**
 * What a rule runs with when its row has no value (or there is no row): the migration seeds the
 * same values, in shadow mode.
 */
export const DEFAULT_RULE_PARAMS: RuleParamsByCode = {
  pin_then_charge: { windowHours: 24, severity: "high" },
  multi_bank_identity: { windowDays: 7, minBanks: 2, matchOn: ["email", "device"], severity: "high" },
  cash_out: { windowMinutes: 60, spendPercent: 80, categories: ["convenience_store", "home_appliances"], severity: "critical" },
  link_burst: { windowMinutes: 60, excessLinks: 5, baselineDays: 28, severity: "medium" },
};

/** A rule with no row runs in shadow: it never opens a case before someone turned it on. */
export const DEFAULT_RULE_MODE: RuleMode = "shadow";

/** The numeric parameters' bounds (both included), for the form and the schema. */
export const PARAM_LIMITS = {
  windowHours: { min: 1, max: 168 },
  windowDays: { min: 1, max: 90 },
  minBanks: { min: 2, max: 35 },
  windowMinutes: { min: 5, max: 1_440 },
  spendPercent: { min: 1, max: 100 },
  excessLinks: { min: 1, max: 10_000 },
  baselineDays: { min: 1, max: 90 },
} as const;
export type NumericParam = keyof typeof PARAM_LIMITS;

/** Which numeric parameters each rule has, in the form's order. */
export const RULE_NUMERIC_PARAMS: { [C in RuleCode]: NumericParam[] } = {
  pin_then_charge: ["windowHours"],
  multi_bank_identity: ["windowDays", "minBanks"],
  cash_out: ["windowMinutes", "spendPercent"],
  link_burst: ["windowMinutes", "excessLinks", "baselineDays"],
};

/** The dry run's longest period and how many flagged links it lists. */
export const DRY_RUN_MAX_DAYS = 3_660;
export const DRY_RUN_LIST = 50;
/** The rules list's hit counts cover this many days. */
export const HITS_DAYS = 7;
