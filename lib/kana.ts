/**
 * Holder names arrive in half-width (ﾔﾏﾀﾞ ﾀﾛｳ) or full-width (ヤマダ タロウ) katakana.
 * NFKC folds half-width katakana (and their separate voiced marks) into full-width; spaces are
 * dropped so "ヤマダ タロウ" and "ﾔﾏﾀﾞﾀﾛｳ" meet in one search key.
 */
export function normaliseKana(input: string): string {
  return input.normalize("NFKC").replace(/[\s\u3000・･]/g, "").toUpperCase();
}

/** Half- or full-width katakana, long-vowel mark, middle dot and spaces only. */
export const KATAKANA_NAME = /^[\u30A0-\u30FF\uFF65-\uFF9F\s\u3000]+$/;
