import compile from "icu-minify/compile";

/**
 * Messages with each ICU string compiled by icu-minify, as plain JSON: the form <ClientMessages>
 * hands the browser (lib/i18n/format-message.browser.ts formats it without an ICU parser). The
 * JSON copy matters: icu-minify builds plural branches on null-prototype objects, which React
 * refuses to pass from a server component to a client one (the page fails to render).
 */
export function compileMessages(node: unknown): unknown {
  if (typeof node === "string") return JSON.parse(JSON.stringify(compile(node)));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, compileMessages(v)]));
  return node;
}
