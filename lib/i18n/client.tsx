"use client";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { CATALOGUES } from "./catalogue";
import { makeTranslate } from "./translate";
import type { Locale, Translate } from "./types";

const I18nContext = createContext<{ locale: Locale; t: Translate } | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: makeTranslate(CATALOGUES[locale]) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
