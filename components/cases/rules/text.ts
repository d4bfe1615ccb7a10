import type { Translate } from "@/lib/i18n/types";
import type { RuleCode, RuleParams } from "@/lib/rules/constants";

/** A rule's pattern in words, its parameters filled in (the reader's language). */
export function describeRule(t: Translate, code: RuleCode, params: RuleParams): string {
  const p = params as unknown as Record<string, unknown>;
  const list = (values: unknown, key: "identity" | "category") =>
    (Array.isArray(values) ? values : []).map((v) => t(`cases.rules.${key}.${v}` as Parameters<Translate>[0])).join(t("cases.rules.or"));
  switch (code) {
    case "pin_then_charge":
      return t("cases.rules.describe.pin_then_charge", { windowHours: Number(p.windowHours) });
    case "multi_bank_identity":
      return t("cases.rules.describe.multi_bank_identity", { matchOn: list(p.matchOn, "identity"), minBanks: Number(p.minBanks), windowDays: Number(p.windowDays) });
    case "cash_out":
      return t("cases.rules.describe.cash_out", { windowMinutes: Number(p.windowMinutes), spendPercent: Number(p.spendPercent), categories: list(p.categories, "category") });
    case "link_burst":
      return t("cases.rules.describe.link_burst", { excessLinks: Number(p.excessLinks), windowMinutes: Number(p.windowMinutes), baselineDays: Number(p.baselineDays) });
  }
}

export const RULES_QUERY_KEY = ["rules"] as const;
export const SLA_QUERY_KEY = ["cases", "sla"] as const;
