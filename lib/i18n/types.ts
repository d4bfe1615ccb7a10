import type { createTranslator } from "next-intl";
import type { en } from "./messages/en";

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;

type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key, e.g. "shell.nav.accounts". */
export type MessageKey = Paths<Messages>;
export type Vars = Record<string, string | number>;
/** next-intl's translator over the whole catalogue (what useT() and getT() give). */
export type Translate = ReturnType<typeof createTranslator<Messages, never>>;

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ja";
export const LOCALE_COOKIE = "lg_locale";

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}
