import { classifySearch, type SearchKind } from "@/lib/accounts/search";

/**
 * What the queue's search box means: a case reference (`C-2020-0042`, or its beginning `C-2020-`,
 * any case, full-width folded) first; otherwise what the accounts search means (holder name in
 * either katakana width, e-mail, wallet id, the account's last four digits), applied to the case's
 * linked account and its wallet.
 */
export type CaseSearchKind = SearchKind | { kind: "reference"; value: string };

const REFERENCE = /^C-[0-9A-Z-]*$/;

export function classifyCaseSearch(input: string): CaseSearchKind {
  const q = input.normalize("NFKC").trim().toUpperCase();
  if (REFERENCE.test(q)) return { kind: "reference", value: q };
  return classifySearch(input);
}
