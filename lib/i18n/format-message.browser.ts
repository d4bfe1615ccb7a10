import format, { type FormatOptions, type FormatValues } from "icu-minify/format";
import type { CompiledMessage } from "icu-minify/format";

/**
 * next-intl's message formatter in the browser (next.config.js aliases `use-intl/format-message` to
 * it for client bundles): it formats the messages <ClientMessages> compiled on the server
 * (icu-minify), so the browser carries no ICU parser (intl-messageformat, 12 kB of every page's
 * first load, issue #13 §9). The same as use-intl's own `format-message/format-only`, which is
 * not reachable from here (a package nested under next-intl).
 */
type Options = Omit<FormatOptions, "formats"> & {
  locale: string;
  formats?: FormatOptions["formats"];
  globalFormats?: FormatOptions["formats"];
};

export function formatCompiled(message: CompiledMessage, values: FormatValues | undefined, { formats, globalFormats, locale, ...rest }: Options) {
  return format(message, locale, values, {
    formats: { dateTime: { ...globalFormats?.dateTime, ...formats?.dateTime }, number: { ...globalFormats?.number, ...formats?.number } },
    ...rest,
  });
}

export default function formatMessage(...[, message, values, options]: [string, CompiledMessage, FormatValues | undefined, Options]) {
  return formatCompiled(message, values, options);
}

// `t.raw` would return a compiled message: not used by client components.
formatMessage.raw = false;
