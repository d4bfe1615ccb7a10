import "server-only";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { csvRecord, UTF8_BOM } from "@/lib/audit/csv";
import { recordAudit } from "@/lib/audit/write";
import { formatJst, jstDay } from "@/lib/format";
import { estimateLinks, fetchOrdered, keyOf, listContext, type SortKey } from "./query";
import type { LinkFilters, LinkRow } from "./schemas";

/** Rows per query while streaming; the export itself has no row cap. */
export const EXPORT_PAGE_SIZE = 1_000;

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

function record(r: LinkRow): string {
  return csvRecord([
    r.id,
    r.bankCode,
    r.bankNameJa,
    r.branchCode,
    r.accountType,
    r.accountNumberMasked,
    r.holderName,
    r.walletId,
    r.email,
    r.verification,
    r.status,
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
 * timestamps, account numbers masked as ****1234). Pages of 1,000 are read by keyset as the
 * consumer pulls, so memory stays at one page whatever the size; the 7-day window is fixed at the
 * start. The export is audited (accounts.exported, with the filters) before the first row.
 */
export async function streamLinksCsv(actor: Actor, filters: LinkFilters, opts: { now?: Date; pageSize?: number } = {}): Promise<LinksCsv> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const ctx = await listContext(db, actor, filters, opts.now ?? new Date());
  const pageSize = opts.pageSize ?? EXPORT_PAGE_SIZE;
  const estimatedTotal = await estimateLinks(db, ctx);
  await recordAudit(db, actor, { action: "accounts.exported", entityType: "linked_account", bankId: actor.bankId, after: filtersSet(filters) });
  const encoder = new TextEncoder();
  let after: SortKey | undefined;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(UTF8_BOM + csvRecord(CSV_COLUMNS)));
          return;
        }
        const rows = await fetchOrdered(db, ctx, filters.sort, filters.order, after, pageSize);
        if (rows.length) controller.enqueue(encoder.encode(rows.map(record).join("")));
        if (rows.length < pageSize) controller.close();
        else after = keyOf(rows.at(-1)!);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, estimatedTotal };
}
