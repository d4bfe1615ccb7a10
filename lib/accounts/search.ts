import { KATAKANA_NAME, normaliseKana } from "@/lib/kana";

/**
 * What the one search box of the accounts list means, decided by the shape of the input once it is
 * NFKC-normalised (full-width digits and letters as ASCII, half-width and decomposed katakana
 * composed):
 * - exactly four digits: the last four digits of the account number;
 * - katakana (half- or full-width; hiragana is read as katakana): a holder-name prefix, compared
 *   in the normalised form of holder_name_search, so ﾔﾏﾀﾞ finds ヤマダ タロウ and back;
 * - printable ASCII with an @: an e-mail prefix, any case;
 * - other printable ASCII (3 characters or more): a wallet id prefix (an exact id is its own
 *   prefix) or an e-mail prefix.
 */
export type SearchKind =
  | { kind: "last4"; value: string }
  | { kind: "holder"; value: string }
  | { kind: "email"; value: string }
  | { kind: "wallet_or_email"; walletPrefix: string; emailPrefix: string }
  | { kind: "invalid"; reason: "short" | "shape" };

const HIRAGANA = /[\u3041-\u3096]/g;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
export const MIN_TEXT_SEARCH = 3;

export function classifySearch(input: string): SearchKind {
  // Normalised before it is classified (NFKC: compatibility forms, then composition): a decomposed
  // ガ (カ + U+3099) is ガ, half-width ﾔﾏﾀﾞ is ヤマダ, full-width digits １２３４ are 1234.
  const q = input.normalize("NFKC").trim();
  if (/^\d{4}$/.test(q)) return { kind: "last4", value: q };
  const asKatakana = q.replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
  if (KATAKANA_NAME.test(asKatakana)) {
    const value = normaliseKana(asKatakana);
    return value ? { kind: "holder", value } : { kind: "invalid", reason: "shape" };
  }
  if (!PRINTABLE_ASCII.test(q)) return { kind: "invalid", reason: "shape" };
  if (q.length < MIN_TEXT_SEARCH) return { kind: "invalid", reason: "short" };
  if (q.includes("@")) return { kind: "email", value: q.toLowerCase() };
  return { kind: "wallet_or_email", walletPrefix: q, emailPrefix: q.toLowerCase() };
}

/** LIKE treats % and _ as wildcards; a search means them literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
