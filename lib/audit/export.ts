import "server-only";
import { desc } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { formatJst, jstDay } from "@/lib/format";
import { translatorFor } from "@/lib/i18n/translate";
import { DEFAULT_LOCALE, type Locale, type Translate } from "@/lib/i18n/types";
import { actionLabel, entityTypeLabel } from "./describe";
import { recordAudit } from "./write";
import { csvRecord, UTF8_BOM } from "./csv";
import { auditConditions, fetchAuditPage } from "./query";
import type { AuditFilters, AuditRow } from "./schemas";

/** Rows per query while streaming; the export itself has no row cap. */
export const EXPORT_PAGE_SIZE = 1_000;

/** The columns, in order; the file's header names them in the reader's language (audit.export.columns). */
export const CSV_COLUMNS = [
  "seq",
  "time_jst",
  "time_utc",
  "actor",
  "actor_user_id",
  "actor_api_key_id",
  "organisation",
  "bank_code",
  "action",
  "entity_type",
  "entity_id",
  "before",
  "after",
  "request_id",
  "ip",
  "hash",
] as const;

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

/** The header row in the reader's language. */
export function csvHeader(t: Translate): string {
  return csvRecord(CSV_COLUMNS.map((c) => t(`audit.export.columns.${c}`)));
}

/** One entry as a row: the action, the subject's kind and the organisation in the reader's language; before and after as recorded (JSON). */
function record(e: AuditRow, t: Translate, locale: Locale): string {
  return csvRecord([
    e.seq,
    formatJst(e.at, { seconds: true }),
    e.at,
    e.actorLabel,
    e.actorUserId,
    e.actorApiKeyId,
    locale === "ja" ? e.orgNameJa : e.orgNameEn,
    e.bankCode,
    actionLabel(t, e.action),
    entityTypeLabel(t, e.entityType),
    e.entityId,
    json(e.before),
    json(e.after),
    e.requestId,
    e.ip,
    e.hash,
  ]);
}

/** The file name of an export made now: audit-YYYYMMDD.csv (Japan date). */
export function exportFileName(now = new Date()): string {
  return `audit-${jstDay(now).replaceAll("-", "")}.csv`;
}

/** Only the filters that were set, as they go into the export's own audit entry. */
function filtersSet(f: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}

/**
 * The entries the actor may read under `filters`, newest first, as CSV (BOM, header, CRLF), in
 * `locale`: the header, the action, the subject's kind and the organisation in words (the JSON API
 * keeps the codes).
 * Pages are read as the consumer pulls, so memory stays at one page for any size. The export is
 * audited ("audit.exported", with the filters) before the first row is read; entries written
 * after the export starts are not in it.
 */
export async function streamAuditCsv(actor: Actor, filters: AuditFilters, locale: Locale = DEFAULT_LOCALE): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "audit.read");
  const db = await getDb();
  const where = await auditConditions(db, actor, filters);
  await recordAudit(db, actor, { action: "audit.exported", entityType: "audit_log", after: filtersSet(filters) });
  // Pin the newest entry now (the export's own entry included) so pages pulled later add nothing newer.
  const [newest] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let cursor = newest ? newest.seq + 1 : undefined;
  const t = translatorFor(locale);
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(UTF8_BOM + csvHeader(t)));
          return;
        }
        const rows = await fetchAuditPage(db, where, cursor, EXPORT_PAGE_SIZE);
        if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => record(r, t, locale)).join("")));
        if (rows.length < EXPORT_PAGE_SIZE) controller.close();
        else cursor = rows.at(-1)!.seq;
      },
    },
    { highWaterMark: 1 },
  );
}
