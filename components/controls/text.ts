import type { Person } from "./types";
import type { Translate } from "@/lib/i18n/types";
import type { Control } from "@/lib/controls/schemas";

/** "ミライ マネージャー (carrier)", "API key “Bank system”", "the scheduler". */
export function personText(t: Translate, p: Person | null): string {
  if (!p) return "—";
  if (p.kind === "api_key") return t("controls.person.apiKey", { name: p.name });
  if (p.kind === "system") return t("controls.person.system");
  return `${p.name} (${p.org ?? t("controls.person.carrier")})`;
}

export function bankName(locale: string, b: { bankCode: string; nameJa: string; nameEn: string }): string {
  return `${locale === "ja" ? b.nameJa : b.nameEn} (${b.bankCode})`;
}

export function controlName(t: Translate, c: Control): string {
  return t(`controls.control.${c}`);
}

export function requestBank(r: { bankCode: string; bankNameJa: string; bankNameEn: string }) {
  return { bankCode: r.bankCode, nameJa: r.bankNameJa, nameEn: r.bankNameEn };
}
