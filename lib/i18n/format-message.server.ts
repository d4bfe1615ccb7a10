import compile from "icu-minify/compile";
import type { CompiledMessage } from "icu-minify/format";
import type { FormatValues } from "icu-minify/format";
import { formatCompiled } from "./format-message.browser";

/**
 * next-intl's message formatter on the server (next.config.js aliases `use-intl/format-message` to
 * it outside client bundles): the catalogue's ICU strings are compiled with icu-minify once each and
 * formatted like the browser formats the messages <ClientMessages> hands it already compiled, so a
 * client component renders the same text on the server and after hydration.
 */
const compiled = new Map<string, CompiledMessage>();

function compiledOf(message: string | CompiledMessage): CompiledMessage {
  if (typeof message !== "string") return message;
  let c = compiled.get(message);
  if (c === undefined) compiled.set(message, (c = compile(message)));
  return c;
}

export default function formatMessage(...[, message, values, options]: [string, string | CompiledMessage, FormatValues | undefined, Parameters<typeof formatCompiled>[2]]) {
  return formatCompiled(compiledOf(message), values, options);
}

formatMessage.raw = true;
