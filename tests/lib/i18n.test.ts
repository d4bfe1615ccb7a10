import fs from "node:fs";
import path from "node:path";
import { createTranslator, IntlError } from "next-intl";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AGE_BANDS } from "@/lib/analytics/constants";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { compileMessages } from "@/lib/i18n/compile-messages";
import { FORMATS, TIME_ZONE } from "@/lib/i18n/formats";
import { localeFromAcceptLanguage, localeOfRequest, resolveLocale } from "@/lib/i18n/locale";
import { translatorFor } from "@/lib/i18n/translate";
import { LOCALES, type Locale, type MessageKey } from "@/lib/i18n/types";

const request = vi.hoisted(() => ({ cookie: undefined as string | undefined, acceptLanguage: null as string | null }));

vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "lg_locale" && request.cookie !== undefined ? { name, value: request.cookie } : undefined) }),
  headers: async () => new Headers(request.acceptLanguage === null ? {} : { "accept-language": request.acceptLanguage }),
}));
// Outside React Server Components next-intl/server refuses; getRequestConfig only hands its function
// back, and the request's messages are the Japanese catalogue.
vi.mock("next-intl/server", async () => {
  const { CATALOGUES: all } = await import("@/lib/i18n/catalogue");
  return { getRequestConfig: <F>(f: F) => f, getMessages: async () => all.ja, getLocale: async () => "ja" };
});

async function requestConfig(cookie: string | undefined, acceptLanguage: string | null) {
  request.cookie = cookie;
  request.acceptLanguage = acceptLanguage;
  const { default: config } = await import("@/i18n/request");
  return (config as unknown as (p: { requestLocale: Promise<string | undefined> }) => Promise<{ locale: Locale; messages: unknown; timeZone: string; formats: unknown; now: Date }>)({
    requestLocale: Promise.resolve(undefined),
  });
}

const translator = translatorFor;

function keysOf(node: unknown, prefix = ""): string[] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}

describe("the request's language", () => {
  afterEach(() => {
    request.cookie = undefined;
    request.acceptLanguage = null;
  });

  it("is English for a browser that asks for English and has no cookie", async () => {
    const config = await requestConfig(undefined, "en-US,en;q=0.9");
    expect(config.locale).toBe("en");
    expect(config.messages).toBe(CATALOGUES.en);
  });

  it("is the cookie's language whatever the browser asks for", async () => {
    expect((await requestConfig("ja", "en-US,en;q=0.9")).locale).toBe("ja");
    expect((await requestConfig("en", "ja")).messages).toBe(CATALOGUES.en);
  });

  it("is Japanese with neither, or for a language we do not speak, or for a cookie we do not know", async () => {
    expect((await requestConfig(undefined, null)).locale).toBe("ja");
    expect((await requestConfig(undefined, "fr-FR,de;q=0.8")).locale).toBe("ja");
    expect((await requestConfig("xx", "fr")).locale).toBe("ja");
  });

  it("carries Japan time and the console's formats", async () => {
    const config = await requestConfig(undefined, null);
    expect(config.timeZone).toBe("Asia/Tokyo");
    expect(config.formats).toBe(FORMATS);
    expect(config.now).toBeInstanceOf(Date);
  });

  it("weighs Accept-Language by q and ignores the region", () => {
    expect(localeFromAcceptLanguage("fr;q=1, en-GB;q=0.5, ja;q=0.8")).toBe("ja");
    expect(localeFromAcceptLanguage("de, EN-us;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0, ja;q=0.1")).toBe("ja");
    expect(localeFromAcceptLanguage("")).toBeUndefined();
    expect(resolveLocale(undefined, "zh")).toBe("ja");
  });

  it("is chosen the same way for a route handler (CSV exports) from the request's headers", () => {
    expect(localeOfRequest(new Headers({ "accept-language": "en" }))).toBe("en");
    expect(localeOfRequest(new Headers({ cookie: "a=1; lg_locale=ja; b=2", "accept-language": "en" }))).toBe("ja");
    expect(localeOfRequest(new Headers())).toBe("ja");
  });
});

describe("messages", () => {
  it("client components get the shared namespaces and their area's, of the request's language only", async () => {
    const { ClientMessages, SHARED_NAMESPACES } = await import("@/lib/i18n/client-messages");
    const element = (await ClientMessages({ namespaces: ["accounts"], children: null })) as { props: { messages: Record<string, unknown> } };
    expect(Object.keys(element.props.messages)).toEqual([...SHARED_NAMESPACES, "accounts"]);
    // Compiled on the server (lib/i18n/compile-messages.ts): the browser formats them without an ICU parser.
    expect(element.props.messages.accounts).toEqual(compileMessages(CATALOGUES.ja.accounts));
    const root = (await ClientMessages({ children: null })) as { props: { messages: Record<string, unknown> } };
    expect(Object.keys(root.props.messages)).toEqual(["common", "shell", "auth", "errors"]);
  });

  it("every message of both languages is valid ICU and formats with arguments given", () => {
    for (const locale of LOCALES) {
      const errors: string[] = [];
      const t = createTranslator({ locale, messages: CATALOGUES[locale], timeZone: TIME_ZONE, formats: FORMATS, onError: (e: IntlError) => errors.push(e.message) });
      for (const key of keysOf(CATALOGUES[locale])) {
        const text = t.raw(key as MessageKey) as string;
        // Every argument the message names, as a number (a plural needs one; text takes one too).
        const values = Object.fromEntries([...text.matchAll(/\{\s*(\w+)/g)].map((m) => [m[1]!, 2]));
        t(key as MessageKey, values);
      }
      expect(errors, locale).toEqual([]);
    }
  });

  it("Japanese has exactly the English keys", () => {
    expect(keysOf(CATALOGUES.ja).sort()).toEqual(keysOf(CATALOGUES.en).sort());
  });

  it("Japanese says one word for one thing: ステータス for a status, 完了 and 再開 for closing and reopening a case, and the age bands with their unit", () => {
    const texts = (locale: Locale) => {
      const t = translatorFor(locale);
      return Object.fromEntries(keysOf(CATALOGUES[locale]).map((k) => [k, t.raw(k as MessageKey) as string]));
    };
    const en = texts("en");
    const ja = texts("ja");
    const odd = Object.keys(en).filter((k) => (/\bstatus(es)?\b/i.test(en[k]!) && ja[k]!.includes("状態")) || /クローズ|再オープン/.test(ja[k]!));
    expect(odd).toEqual([]);
    expect(AGE_BANDS.map((b) => translatorFor("ja")(`analytics.ageBands.${b.key}`))).toEqual(["0–2日", "3–10日", "11–30日", "31日以上"]);
    expect(AGE_BANDS.map((b) => translatorFor("en")(`analytics.ageBands.${b.key}`))).toEqual(["0–2 days", "3–10 days", "11–30 days", "31 days or more"]);
  });

  it("counts agree with their number in English and read 件 in Japanese", () => {
    const en = translator("en");
    const ja = translator("ja");
    expect(en("accounts.table.chargesCount", { count: 1 })).toBe("1 charge");
    expect(en("accounts.table.chargesCount", { count: 0 })).toBe("0 charges");
    expect(en("accounts.table.chargesCount", { count: 1234 })).toBe("1,234 charges");
    expect(ja("accounts.table.chargesCount", { count: 1234 })).toBe("1,234件");
    expect(ja("controls.bulk.submit", { count: 35 })).toBe("35 行で強化");
    expect(en("controls.tighten.cancelledRequests", { count: 1 })).toBe("1 waiting loosening request was cancelled.");
    expect(en("controls.tighten.cancelledRequests", { count: 3 })).toBe("3 waiting loosening requests were cancelled.");
    expect(en("controls.bulk.submit", { count: 1 })).toBe("Tighten at 1 bank");
    expect(en("controls.bulk.submit", { count: 35 })).toBe("Tighten at 35 banks");
    expect(en("shell.home.failedSignIns", { failures: 1, sources: 1, first: "a", last: "b" })).toContain("1 sign-in attempt on your account failed, from 1 address other");
    expect(en("shell.home.failedSignIns", { failures: 11, sources: 3, first: "a", last: "b" })).toContain("11 sign-in attempts on your account failed, from 3 addresses other");
  });
});

/** Every .ts/.tsx file under the app's source folders. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("call sites", () => {
  it("pass counts as numbers to messages that format them (a plural given a formatted string reads NaN)", () => {
    const en = translatorFor("en");
    const ja = translatorFor("ja");
    const wrong: string[] = [];
    for (const file of ["app", "components", "lib"].flatMap((d) => sourceFiles(path.resolve(import.meta.dirname, "../..", d)))) {
      const text = fs.readFileSync(file, "utf8");
      for (const call of text.matchAll(/\bt\(\s*"([\w.]+)"\s*,\s*\{([^}]*)\}/g)) {
        const key = call[1] as MessageKey;
        if (!en.has(key)) continue;
        const messages = [en.raw(key), ja.raw(key)] as string[];
        for (const [, arg] of call[2]!.matchAll(/(\w+)\s*:\s*(?:String\(|formatCount\(|`)/g)) {
          if (messages.some((m) => new RegExp(`\\{\\s*${arg}\\s*,\\s*(plural|number|selectordinal)`).test(m))) wrong.push(`${path.basename(file)}: ${key} ${arg}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("figures and times", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it("are shown in Japan time on a server running in UTC (or anywhere else)", () => {
    for (const zone of ["UTC", "America/Los_Angeles"]) {
      process.env.TZ = zone;
      expect(new Date("2026-01-31T15:30:00Z").getDate(), zone).toBe(31);
      expect(formatJst(new Date("2026-01-31T15:30:00Z"))).toBe("2026/02/01 00:30");
      const icu = createTranslator({ locale: "ja", messages: { at: "{at, date, dateTime}" }, timeZone: TIME_ZONE, formats: FORMATS });
      expect(icu("at", { at: new Date("2026-01-31T15:30:00Z") })).toBe("2026/02/01 00:30");
    }
  });

  it("write yen whole with the half-width sign and counts with separators, in both languages alike", () => {
    expect(formatYen(25_420_000)).toBe("¥25,420,000");
    expect(formatYen(25_420_000.7)).toBe("¥25,420,000");
    expect(formatYen(-3_000)).toBe("-¥3,000");
    expect(formatYen(12_345_678_901n)).toBe("¥12,345,678,901");
    expect(formatCount(1_234_567)).toBe("1,234,567");
  });
});
