import "server-only";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { compileMessages } from "./compile-messages";
import type { Messages } from "./types";

export type Namespace = keyof Messages;
/** One group of words of a namespace, e.g. "cases.status". */
export type WordGroup = { [N in Namespace]: `${N}.${keyof Messages[N] & string}` }[Namespace];

/** What every client component may use, on every page: the shell, the shared kit, sign-in and errors by code. */
export const SHARED_NAMESPACES = ["common", "shell", "auth", "errors"] as const satisfies readonly Namespace[];

const compiled = new Map<string, unknown>();

/** A namespace's messages compiled (icu-minify), once per language: the browser formats them without an ICU parser (lib/i18n/format-message.browser.ts). */
function compiledNamespace(locale: string, ns: Namespace, messages: unknown): unknown {
  const key = `${locale}:${ns}`;
  if (!compiled.has(key)) compiled.set(key, compileMessages(messages));
  return compiled.get(key);
}

/**
 * Hands client components below it the request language's messages of the shared namespaces plus
 * `namespaces` (the area's own), nothing else: the root layout gives the shared ones, an area's
 * layout its own (e.g. app/(console)/accounts/layout.tsx: ["accounts"]). A client component that
 * uses a key of a namespace not given here shows the key: add the namespace to its layout.
 * `groups` adds single groups of another area's words without the whole area: the incident and link
 * pages name a case's status and outcome with the cases' own words (["cases.status", "cases.outcome"]).
 * Server components read every message with getT() whatever is given here.
 */
export async function ClientMessages({ namespaces = [], groups = [], children }: { namespaces?: readonly Namespace[]; groups?: readonly WordGroup[]; children: ReactNode }) {
  const [all, locale] = await Promise.all([getMessages(), getLocale()]);
  const picked: Record<string, unknown> = Object.fromEntries([...new Set<Namespace>([...SHARED_NAMESPACES, ...namespaces])].map((ns) => [ns, compiledNamespace(locale, ns, all[ns])]));
  for (const group of groups) {
    const [ns, key] = group.split(".") as [Namespace, string];
    if (namespaces.includes(ns)) continue;
    picked[ns] = { ...(picked[ns] as object | undefined), [key]: (compiledNamespace(locale, ns, all[ns]) as Record<string, unknown>)[key] };
  }
  return <NextIntlClientProvider messages={picked as Messages}>{children}</NextIntlClientProvider>;
}
