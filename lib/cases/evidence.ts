import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDatabase, getDb } from "@/db";
import { caseEvidence, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/write";
import { NotFound } from "@/lib/errors";
import type { UploadedFile } from "@/lib/http/multipart";
import { checkEvidence } from "./evidence-check";
import { evidenceKindOf, type EvidenceKind } from "./evidence-kinds";
import type { EvidenceItem, EvidenceList } from "./evidence-schemas";
import { evidenceFileStream, withEvidenceFile, type EvidenceStorage } from "./evidence-store";
import { findCase } from "./find";
import { changeCase } from "./write";

/**
 * A case's evidence: files attached by the people who work it or add to it, each stored with its
 * size and SHA-256 (lib/cases/evidence-store.ts says where), listed and downloaded by everyone who
 * may see the case. Who may attach: `cases.note` (investigators, and a bank's operators and
 * managers, who receive what the customer sends: a statement, a screenshot, the phishing mail).
 */

const columns = {
  id: caseEvidence.id,
  caseId: caseEvidence.caseId,
  fileName: caseEvidence.fileName,
  contentType: caseEvidence.contentType,
  sizeBytes: caseEvidence.sizeBytes,
  sha256: caseEvidence.sha256,
  uploadedAt: caseEvidence.uploadedAt,
  uploaderId: users.id,
  uploaderName: users.displayName,
};

type Row = { id: string; caseId: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: Date; uploaderId: string; uploaderName: string };

function item(r: Row): EvidenceItem {
  return {
    id: r.id,
    caseId: r.caseId,
    fileName: r.fileName,
    kind: evidenceKindOf(r.fileName) ?? ("pdf" satisfies EvidenceKind),
    contentType: r.contentType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    uploadedBy: { id: r.uploaderId, displayName: r.uploaderName },
    uploadedAt: r.uploadedAt.toISOString(),
  };
}

/**
 * Attaches the uploaded file to the case. Who may and which case are checked before a byte is
 * read; the file is then read (streamed, hashed, 413 past 20 MiB) and checked (extension and
 * content); the row, the timeline entry `evidence_added` and the audit entry `case.evidence_added`
 * are one transaction (changeCase), which wakes a snoozed case but makes no new version: a
 * person's pending edit of the case is not stale because a file was added. On the embedded
 * database the file is written before that transaction commits and removed if it fails.
 */
export async function addEvidence(actor: Actor, caseIdOrReference: string, readFile: () => Promise<UploadedFile>): Promise<EvidenceItem> {
  assertCan(actor, "cases.note");
  const handle = await getDatabase();
  const db = handle.db;
  await findCase(db, actor, caseIdOrReference);
  const file = await readFile();
  const checked = checkEvidence(file.fileName, file.bytes);
  const storage: EvidenceStorage = handle.driver === "pglite" ? "file" : "database";
  const write = () =>
    db.transaction(async (tx) => {
      // Found again, locked: the case may have moved (or left the caller's scope) while the file came in.
      const current = await findCase(tx, actor, caseIdOrReference, { lock: true });
      const [row] = await tx
        .insert(caseEvidence)
        .values({
          caseId: current.id,
          fileName: checked.fileName,
          contentType: checked.contentType,
          sizeBytes: file.size,
          sha256: file.sha256,
          storage,
          content: storage === "database" ? file.bytes : null,
          uploadedBy: actor.userId,
        })
        .returning({ id: caseEvidence.id, uploadedAt: caseEvidence.uploadedAt });
      const body = { evidenceId: row!.id, fileName: checked.fileName, kind: checked.kind, sizeBytes: file.size, sha256: file.sha256 };
      await changeCase(tx, actor, current, undefined, {
        patch: {},
        events: [{ kind: "evidence_added", body }],
        audit: { action: "case.evidence_added", after: body },
        wakes: true,
        bumpsVersion: false,
      });
      return { id: row!.id, caseId: current.id, uploadedAt: row!.uploadedAt };
    });
  const saved = storage === "file" ? await withEvidenceFile(file.sha256, file.bytes, write) : await write();
  return item({
    ...saved,
    fileName: checked.fileName,
    contentType: checked.contentType,
    sizeBytes: file.size,
    sha256: file.sha256,
    uploaderId: actor.userId,
    uploaderName: actor.displayName,
  });
}

/** The case's evidence, newest first (without the bytes). */
export async function listEvidence(actor: Actor, caseIdOrReference: string): Promise<EvidenceList> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const found = await findCase(db, actor, caseIdOrReference);
  const rows = await db
    .select(columns)
    .from(caseEvidence)
    .innerJoin(users, eq(users.id, caseEvidence.uploadedBy))
    .where(eq(caseEvidence.caseId, found.id))
    .orderBy(desc(caseEvidence.uploadedAt), desc(caseEvidence.id));
  return { items: rows.map(item) };
}

export interface EvidenceDownload {
  item: EvidenceItem;
  body: ReadableStream<Uint8Array> | Buffer;
}

/**
 * One file of the case, for a download: the evidence must belong to that case, which the caller
 * may see (another bank's, or another case's, is not found). The download is audited
 * (`case.evidence_downloaded`, a read of personal data) before a byte is sent; when the audit
 * cannot be written, nothing is sent.
 */
export async function downloadEvidence(actor: Actor, caseIdOrReference: string, evidenceId: string): Promise<EvidenceDownload> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const found = await findCase(db, actor, caseIdOrReference);
  const [row] = await db
    .select({ ...columns, storage: caseEvidence.storage, content: caseEvidence.content })
    .from(caseEvidence)
    .innerJoin(users, eq(users.id, caseEvidence.uploadedBy))
    .where(and(eq(caseEvidence.id, evidenceId), eq(caseEvidence.caseId, found.id)))
    .limit(1);
  if (!row) throw new NotFound("evidence");
  const body = row.storage === "database" ? row.content : evidenceFileStream(row.sha256);
  if (!body) throw new Error(`The file of evidence ${row.id} (${row.sha256}) is missing from the evidence folder.`);
  await recordAudit(db, actor, {
    action: "case.evidence_downloaded",
    entityType: "case",
    entityId: found.id,
    bankId: found.bankId,
    after: { reference: found.reference, evidenceId: row.id, fileName: row.fileName, sha256: row.sha256 },
  });
  return { item: item(row), body };
}

/** An attachment's Content-Disposition: an ASCII fallback and the real name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
