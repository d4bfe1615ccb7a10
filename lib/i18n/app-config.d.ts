import type { FORMATS } from "./formats";
import type { Locale, Messages } from "./types";

// Typed keys, locales and format names for useTranslations/getTranslations/useFormatter.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
    Formats: typeof FORMATS;
  }
}
