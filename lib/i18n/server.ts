import "server-only";
import { cookies, headers } from "next/headers";
import { CATALOGUES } from "./catalogue";
import { makeTranslate } from "./translate";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale, type Translate } from "./types";

/** The cookie wins; then the browser's first language if we speak it; then Japanese. */
export async function getLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (await headers()).get("accept-language") ?? "";
  const first = accept.split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return isLocale(first) ? first : DEFAULT_LOCALE;
}

export async function getT(): Promise<Translate> {
  return makeTranslate(CATALOGUES[await getLocale()]);
}
