import type { Person } from "./types";
import type { Translate } from "@/lib/i18n/types";
import type { FieldErrors } from "@/lib/errors";
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

/**
 * A field error from the API in the reader's language: the catalogue has one message per field;
 * the server's own text is the fallback for a field it does not know.
 */
export function fieldError(t: Translate, fields: FieldErrors, field: string, vars: Record<string, string | number> = {}): string | null {
  const reason = fields[field];
  if (!reason) return null;
  switch (field) {
    case "reason":
      return t("controls.errors.reason");
    case "confirmBankCode":
      return t("controls.errors.confirmBankCode", vars);
    case "confirmCount":
      return t("controls.errors.confirmCount", vars);
    case "toState":
      return t("controls.errors.toState");
    case "scheduledFor":
      return t("controls.errors.scheduledFor");
    case "bankCodes":
      return t("controls.errors.bankCodes");
    default:
      return reason;
  }
}

/** The message for a refused change that is not about one field. */
export function failureText(t: Translate, e: { status: number; requestId: string | null }): string {
  if (e.status === 409) return t("controls.errors.conflict");
  if (e.status === 403) return t("controls.errors.forbidden");
  if (e.status === 404) return t("controls.errors.notFound");
  if (e.status === 0) return t("common.networkError");
  return `${t("controls.errors.failed")} ${t("common.errorBody", { requestId: e.requestId ?? "—" })}`;
}

export function requestBank(r: { bankCode: string; bankNameJa: string; bankNameEn: string }) {
  return { bankCode: r.bankCode, nameJa: r.bankNameJa, nameEn: r.bankNameEn };
}
