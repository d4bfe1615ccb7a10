import "server-only";
import { desc } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { formatJst, jstDay } from "@/lib/format";
import { recordAudit } from "./write";
import { csvRecord, UTF8_BOM } from "./csv";
import { auditConditions, fetchAuditPage } from "./query";
import type { AuditFilters, AuditRow } from "./schemas";

/** Rows per query while streaming; the export itself has no row cap. */
export const EXPORT_PAGE_SIZE = 1_000;

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

function record(e: AuditRow): string {
  return csvRecord([
    e.seq,
    formatJst(e.at, { seconds: true }),
    e.at,
    e.actorLabel,
    e.actorUserId,
    e.actorApiKeyId,
    e.orgNameJa,
    e.bankCode,
    e.action,
    e.entityType,
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
 * The entries the actor may read under `filters`, newest first, as CSV (BOM, header, CRLF).
 * Pages are read as the consumer pulls, so memory stays at one page for any size. The export is
 * audited ("audit.exported", with the filters) before the first row is read; entries written
 * after the export starts are not in it.
 */
export async function streamAuditCsv(actor: Actor, filters: AuditFilters): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "audit.read");
  const db = await getDb();
  const where = await auditConditions(db, actor, filters);
  await recordAudit(db, actor, { action: "audit.exported", entityType: "audit_log", after: filtersSet(filters) });
  // Pin the newest entry now (the export's own entry included) so pages pulled later add nothing newer.
  const [newest] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let cursor = newest ? newest.seq + 1 : undefined;
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(UTF8_BOM + csvRecord(CSV_COLUMNS)));
          return;
        }
        const rows = await fetchAuditPage(db, where, cursor, EXPORT_PAGE_SIZE);
        if (rows.length) controller.enqueue(encoder.encode(rows.map(record).join("")));
        if (rows.length < EXPORT_PAGE_SIZE) controller.close();
        else cursor = rows.at(-1)!.seq;
      },
    },
    { highWaterMark: 1 },
  );
}
