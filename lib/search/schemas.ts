import { z } from "zod";
import { linkRow, SEARCH_MAX } from "@/lib/accounts/schemas";

/**
 * The command palette's search (GET /api/v1/search): one query, answered in groups by what it
 * found. Pure (no server-only): the palette imports the types and the limits. A new group is one
 * more key here and one more query in ./service.ts.
 */
export const SEARCH_GROUPS = ["wallets", "links", "banks", "cases", "incidents"] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

export const SEARCH_LIMIT_DEFAULT = 5;
export const SEARCH_LIMIT_MAX = 10;

export const SEARCH_ERRORS = {
  q: `Between 1 and ${SEARCH_MAX} characters.`,
  limit: `A whole number from 1 to ${SEARCH_LIMIT_MAX}.`,
} as const;

export const searchQuery = z.object({
  /** A wallet id or e-mail (prefix), the last four digits or holder name of a link, a link's id, a bank's code (prefix) or name. */
  q: z.string({ error: SEARCH_ERRORS.q }).trim().min(1, SEARCH_ERRORS.q).max(SEARCH_MAX, SEARCH_ERRORS.q),
  /** At most this many results in each group. */
  limit: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: SEARCH_ERRORS.limit })
      .int(SEARCH_ERRORS.limit)
      .min(1, SEARCH_ERRORS.limit)
      .max(SEARCH_LIMIT_MAX, SEARCH_ERRORS.limit)
      .default(SEARCH_LIMIT_DEFAULT),
  ),
});
export type SearchQuery = z.output<typeof searchQuery>;

export const walletHit = z.object({
  id: z.string(),
  email: z.string(),
  /** The wallet's links the caller may see. */
  links: z.number().int(),
});
export type WalletHit = z.output<typeof walletHit>;

export const linkHit = linkRow.pick({
  id: true,
  bankCode: true,
  bankNameJa: true,
  bankNameEn: true,
  accountNumberMasked: true,
  holderName: true,
  walletId: true,
  email: true,
  status: true,
});
export type LinkHit = z.output<typeof linkHit>;

export const bankHit = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string() });
export type BankHit = z.output<typeof bankHit>;

export const caseHit = z.object({
  id: z.string(),
  reference: z.string(),
  bankCode: z.string(),
  bankNameJa: z.string(),
  bankNameEn: z.string(),
  status: z.string(),
});
export type CaseHit = z.output<typeof caseHit>;

export const incidentHit = z.object({
  id: z.string(),
  reference: z.string(),
  /** As stored ("日本語 / English" holds both: lib/incidents/title.ts). */
  title: z.string(),
  status: z.string(),
});
export type IncidentHit = z.output<typeof incidentHit>;

export const searchResult = z.object({
  /** The query as it was searched (trimmed). */
  q: z.string(),
  /** Wallets by id or e-mail (exact matches first), in the caller's scope: a bank's staff find wallets linked at their bank. */
  wallets: z.array(walletHit),
  /** Links as the accounts list's search finds them (newest first), or the link with this id. */
  links: z.array(linkHit),
  /** Banks by code prefix or name (a bank's staff: their own bank only). */
  banks: z.array(bankHit),
  /** Cases by reference prefix (C-2026-00…), in the caller's scope; for those who read cases. */
  cases: z.array(caseHit).default([]),
  /** Incidents by reference prefix (INC-2020…); for those who read cases. */
  incidents: z.array(incidentHit).default([]),
});
export type SearchResult = z.output<typeof searchResult>;
