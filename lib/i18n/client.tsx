"use client";
import { useLocale, useTranslations } from "next-intl";
import type { Locale, Translate } from "./types";

/** next-intl's translator over the whole catalogue: t("accounts.title"), typed keys, ICU messages. */
export function useT(): Translate {
  return useTranslations();
}

/** The request's language and the translator. */
export function useI18n(): { locale: Locale; t: Translate } {
  return { locale: useLocale(), t: useTranslations() };
}
