import compile from "icu-minify/compile";
import type { CompiledMessage } from "icu-minify/format";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { compileMessages } from "@/lib/i18n/compile-messages";
import formatBrowser from "@/lib/i18n/format-message.browser";
import formatServer from "@/lib/i18n/format-message.server";
import { FORMATS, TIME_ZONE } from "@/lib/i18n/formats";
import { translatorFor } from "@/lib/i18n/translate";
import { LOCALES, type MessageKey } from "@/lib/i18n/types";

/**
 * The pages' formatter (next.config.js aliases next-intl's `use-intl/format-message` to
 * lib/i18n/format-message.*: messages compiled with icu-minify, no ICU parser in the browser) must
 * say what next-intl's own (intl-messageformat, which tests, CSV exports and e2e use) says, for
 * every message of both catalogues, with counts that choose each plural form.
 */
function leaves(node: unknown, prefix = ""): [string, string][] {
  if (typeof node === "string") return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The arguments a compiled message names: the numeric ones (plural, number) get `n`, the others a word. */
function argumentsOf(message: CompiledMessage, n: number, into: Record<string, string | number> = {}): Record<string, string | number> {
  if (!Array.isArray(message)) return into;
  for (const part of message) {
    if (!Array.isArray(part)) continue;
    const [name, type, ...rest] = part as [string, number | undefined, ...unknown[]];
    if (typeof name === "string") into[name] ??= type === undefined ? `«${name}»` : n;
    for (const r of rest) {
      if (Array.isArray(r)) argumentsOf(r as CompiledMessage, n, into);
      else if (r && typeof r === "object") for (const branch of Object.values(r)) argumentsOf(branch as CompiledMessage, n, into);
    }
  }
  return into;
}

const formatters = {
  getNumberFormat: (...a: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...a),
  getDateTimeFormat: (...a: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...a),
  getPluralRules: (...a: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...a),
};

describe("the pages' message formatter (lib/i18n/format-message.*) against next-intl's", () => {
  for (const locale of LOCALES) {
    it(`formats every ${locale} message as next-intl does, for 0, 1, 2 and 1,234,567`, () => {
      const t = translatorFor(locale);
      const wrong: string[] = [];
      const all = leaves(CATALOGUES[locale]);
      expect(all.length).toBeGreaterThan(300);
      for (const [key, text] of all) {
        const compiled = compile(text);
        for (const n of [0, 1, 2, 1_234_567]) {
          const values = argumentsOf(compiled, n);
          const options = { locale, globalFormats: FORMATS, timeZone: TIME_ZONE, formatters };
          const expected = t(key as MessageKey, values as never);
          const inBrowser = formatBrowser(key, compiled, values, options);
          const onServer = formatServer(key, text, values, options);
          if (inBrowser !== expected || onServer !== expected) wrong.push(`${key} (${n}): ${JSON.stringify(inBrowser)} / ${JSON.stringify(onServer)}, next-intl ${JSON.stringify(expected)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe("the messages ClientMessages hands the browser (lib/i18n/compile-messages.ts)", () => {
  it("are plain JSON, every object with Object's prototype: React passes nothing else to a client component", () => {
    const bad: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (node === null || typeof node !== "object") return;
      if (!Array.isArray(node) && Object.getPrototypeOf(node) !== Object.prototype) bad.push(at);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`);
    };
    for (const locale of LOCALES) walk(compileMessages(CATALOGUES[locale]), locale);
    expect(bad).toEqual([]);
  });
});
