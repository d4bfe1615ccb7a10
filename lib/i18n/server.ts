import "server-only";
import { getLocale as requestLocale, getTranslations } from "next-intl/server";
import type { Locale, Translate } from "./types";

/** The request's language, as i18n/request.ts chose it (cookie, then Accept-Language, then ja). */
export async function getLocale(): Promise<Locale> {
  return requestLocale();
}

/** next-intl's translator over the whole catalogue, for server components, actions and route handlers. */
export async function getT(): Promise<Translate> {
  return getTranslations();
}
