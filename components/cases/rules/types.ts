import type { CaseSeverity } from "@/lib/cases/constants";
import type { RuleCode, RuleMode, RuleParams } from "@/lib/rules/constants";

/** GET /api/v1/rules (lib/rules/schemas.ts rulesList), as the page reads it. */
export interface RuleView {
  code: RuleCode;
  mode: RuleMode;
  params: RuleParams;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  hits7d: { total: number; on: number; shadow: number; casesOpened: number };
  hitsByDay: { day: string; count: number }[];
}
export interface RulesResponse {
  items: RuleView[];
  canManage: boolean;
}
export interface SlaResponse {
  hours: Record<CaseSeverity, number>;
  updatedAt: string | null;
  canManage: boolean;
}
export interface DryRunResponse {
  cases: number;
  hits: number;
  knownFraud: number;
  ordinary: number;
  fraudLinksInPeriod: number;
  tookMs: number;
  links: { linkId: string; bankCode: string; holderNameKana: string; accountMasked: string; walletId: string; at: string; knownFraud: boolean }[];
}
