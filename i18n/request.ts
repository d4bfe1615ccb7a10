import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { FORMATS, TIME_ZONE } from "@/lib/i18n/formats";
import { resolveLocale } from "@/lib/i18n/locale";
import { LOCALE_COOKIE } from "@/lib/i18n/types";

/**
 * The request's language, messages and formats (registered by the next-intl plugin in
 * next.config.js). No locale in the URL: the lg_locale cookie wins, then Accept-Language, then
 * Japanese. Only this language's catalogue is loaded; client components receive the namespaces
 * their page passes to <ClientMessages> (lib/i18n/client-messages.tsx).
 */
export default getRequestConfig(async () => {
  const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return { locale, messages: CATALOGUES[locale], timeZone: TIME_ZONE, formats: FORMATS, now: new Date() };
});
