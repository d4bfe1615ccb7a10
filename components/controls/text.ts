import type { Person } from "./types";
import type { Translate } from "@/lib/i18n/types";
import type { FieldErrors } from "@/lib/errors";
import { fieldErrorText } from "@/lib/i18n/problem-text";
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

/** A field's code from the API (or the browser's parse of the same schema), in the reader's language. */
export function fieldError(t: Translate, fields: FieldErrors, field: string): string | null {
  const problem = fields[field];
  return problem ? fieldErrorText(t, problem) : null;
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
