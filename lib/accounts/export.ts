import "server-only";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { csvRecord, UTF8_BOM } from "@/lib/audit/csv";
import { recordAudit } from "@/lib/audit/write";
import { formatJst, jstDay } from "@/lib/format";
import { translatorFor } from "@/lib/i18n/translate";
import { DEFAULT_LOCALE, type Locale, type Translate } from "@/lib/i18n/types";
import { estimateLinks, fetchOrdered, keyOf, listContext, type SortKey } from "./query";
import type { LinkFilters, LinkRow } from "./schemas";

/** Rows per query while streaming; the export itself has no row cap. */
export const EXPORT_PAGE_SIZE = 1_000;

/** The columns, in order; the file's header names them in the reader's language (accounts.export.columns). */
export const CSV_COLUMNS = [
  "link_id",
  "bank_code",
  "bank_name",
  "branch_code",
  "account_type",
  "account_number",
  "holder_name",
  "wallet_id",
  "email",
  "verification",
  "status",
  "linked_at_jst",
  "charges_7d_count",
  "charges_7d_yen",
  "open_cases",
] as const;

/** The header row in the reader's language. */
export function csvHeader(t: Translate): string {
  return csvRecord(CSV_COLUMNS.map((c) => t(`accounts.export.columns.${c}`)));
}

/** One link as a row: coded values (account type, verification, status) and the bank's name in the reader's language. */
function record(r: LinkRow, t: Translate, locale: Locale): string {
  return csvRecord([
    r.id,
    r.bankCode,
    locale === "ja" ? r.bankNameJa : r.bankNameEn,
    r.branchCode,
    t(`accounts.accountType.${r.accountType}`),
    r.accountNumberMasked,
    r.holderName,
    r.walletId,
    r.email,
    t(`accounts.verification.${r.verification}`),
    t(`accounts.status.${r.status}`),
    formatJst(r.linkedAt, { seconds: true }),
    r.charges7d.count,
    r.charges7d.yen,
    r.openCases,
  ]);
}

/** accounts-YYYYMMDD.csv (Japan date). */
export function exportFileName(now = new Date()): string {
  return `accounts-${jstDay(now).replaceAll("-", "")}.csv`;
}

function filtersSet(f: LinkFilters): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== ""));
}

export interface LinksCsv {
  stream: ReadableStream<Uint8Array>;
  /** The planner's estimate of the rows, for a progress bar; null when unknown. */
  estimatedTotal: number | null;
}

/**
 * Every link matching the filters in the list's order, as CSV (BOM, header, CRLF, Japan-time
 * timestamps, account numbers masked as ****1234), in `locale`: the header and the coded values
 * in words (the JSON API keeps the codes). Pages of 1,000 are read by keyset as the
 * consumer pulls, so memory stays at one page whatever the size; the 7-day window is fixed at the
 * start. The export is audited (accounts.exported, with the filters) before the first row.
 */
export async function streamLinksCsv(actor: Actor, filters: LinkFilters, opts: { now?: Date; pageSize?: number; locale?: Locale } = {}): Promise<LinksCsv> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const ctx = await listContext(db, actor, filters, opts.now ?? new Date());
  const pageSize = opts.pageSize ?? EXPORT_PAGE_SIZE;
  const estimatedTotal = await estimateLinks(db, ctx);
  await recordAudit(db, actor, { action: "accounts.exported", entityType: "linked_account", bankId: actor.bankId, after: filtersSet(filters) });
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const encoder = new TextEncoder();
  let after: SortKey | undefined;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(UTF8_BOM + csvHeader(t)));
          return;
        }
        const rows = await fetchOrdered(db, ctx, filters.sort, filters.order, after, pageSize);
        if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => record(r, t, locale)).join("")));
        if (rows.length < pageSize) controller.close();
        else after = keyOf(rows.at(-1)!);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, estimatedTotal };
}
