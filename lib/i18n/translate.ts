import { createTranslator } from "next-intl";
import { CATALOGUES } from "./catalogue";
import { FORMATS, TIME_ZONE } from "./formats";
import type { Locale, Messages, Translate } from "./types";

/**
 * next-intl's translator over a whole language outside React (CSV exports, tests, e2e), with the
 * same messages, formats and time zone as the pages. Not for client components (both catalogues).
 */
export function translatorFor(locale: Locale): Translate {
  return createTranslator({ locale, messages: CATALOGUES[locale], timeZone: TIME_ZONE, formats: FORMATS });
}

/** translatorFor() for a catalogue object (CATALOGUES.en or CATALOGUES.ja). */
export function makeTranslate(messages: Messages): Translate {
  return translatorFor(messages === CATALOGUES.en ? "en" : "ja");
}

/** The raw text of a key in a catalogue, or undefined when there is none (tests that check coverage). */
export function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}
