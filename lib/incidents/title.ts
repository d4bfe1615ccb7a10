/**
 * An incident's title is stored as one text; the demo's (and any written "日本語 / English") holds
 * both languages. The viewer reads theirs when both are there, the stored title otherwise. Pure:
 * the home and the incident pages use it on the client too.
 */
const SEPARATOR = " / ";

export function incidentTitles(title: string): { ja: string; en: string } | null {
  const at = title.indexOf(SEPARATOR);
  if (at <= 0) return null;
  const ja = title.slice(0, at).trim();
  const en = title.slice(at + SEPARATOR.length).trim();
  // Both halves present, the first in Japanese script and the second without it.
  if (!ja || !en || !/[\u3040-\u30ff\u4e00-\u9fff]/.test(ja) || /[\u3040-\u30ff\u4e00-\u9fff]/.test(en)) return null;
  return { ja, en };
}

export function incidentTitle(title: string, locale: string): string {
  const both = incidentTitles(title);
  if (!both) return title;
  return locale === "ja" ? both.ja : both.en;
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * The description likewise: a Japanese paragraph and an English one, apart by a blank line, show the
 * viewer theirs; any other text shows as stored.
 */
export function incidentDescription(text: string, locale: string): string {
  const parts = text.split(/\n\s*\n/).map((p) => p.trim());
  if (parts.length !== 2 || !JAPANESE.test(parts[0]!) || JAPANESE.test(parts[1]!)) return text;
  return locale === "ja" ? parts[0]! : parts[1]!;
}
