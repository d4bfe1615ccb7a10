import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { defaultDataDir } from "@/db";

/**
 * Where evidence bytes live (README "Cases — evidence"):
 *  - PostgreSQL: in `case_evidence.content` (bytea), written in the same transaction as the row,
 *    its timeline entry and its audit entry: one backup, one restore, nothing half-written, no
 *    second system to run for a few files a case. Files are at most 20 MiB (TOASTed out of line,
 *    compressed where it helps); past some tens of GB, or with files much larger than that, an
 *    object store (S3-compatible, with the hash as key) would be the right move.
 *  - PGlite (the embedded database, one process): in files beside it, `<data dir>/evidence/<sha256>`,
 *    since the embedded database keeps its whole heap in memory while it runs. A file is written
 *    under a temporary name, fsynced, renamed into place and its folder fsynced, before the row's
 *    transaction commits; it is removed again when the transaction fails and no other row holds it.
 *    Files are named by their hash, so the same content attached twice is stored once.
 */
export type EvidenceStorage = "database" | "file";

/** The evidence folder: LINKGUARD_EVIDENCE_DIR, else `evidence` in the data folder (LINKGUARD_DATA_DIR, ./data). */
export function evidenceDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LINKGUARD_EVIDENCE_DIR ?? path.join(defaultDataDir(), "evidence"));
}

function filePath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(evidenceDir(), sha256);
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One writer per hash at a time in this process (the embedded database allows one process). */
const held = new Map<string, Promise<unknown>>();

/**
 * Runs `work` with the file of `sha256` written (or found already there); when `work` fails and
 * this call made the file, the file is removed again. Uploads of the same content wait for each
 * other, so one's rollback never takes away the file another's row just committed.
 */
export async function withEvidenceFile<T>(sha256: string, bytes: Buffer, work: () => Promise<T>): Promise<T> {
  const before = held.get(sha256) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(async () => {
    const made = writeFileOnce(sha256, bytes);
    try {
      return await work();
    } catch (e) {
      if (made) fs.rmSync(filePath(sha256), { force: true });
      throw e;
    }
  });
  held.set(sha256, mine);
  try {
    return await mine;
  } finally {
    if (held.get(sha256) === mine) held.delete(sha256);
  }
}

/** Writes the file unless a whole one is there: true when this call made it. */
function writeFileOnce(sha256: string, bytes: Buffer): boolean {
  const target = filePath(sha256);
  const dir = path.dirname(target);
  try {
    if (fs.statSync(target).size === bytes.length) return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${sha256}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  const fd = fs.openSync(temp, "wx", 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, target);
  fsyncDir(dir);
  return true;
}

/** Whether the file of `sha256` is stored (tests). */
export function evidenceFileExists(sha256: string): boolean {
  return fs.existsSync(filePath(sha256));
}

/** The stored file as a stream for a download, or null when it is missing. */
export function evidenceFileStream(sha256: string): ReadableStream<Uint8Array> | null {
  const p = filePath(sha256);
  if (!fs.existsSync(p)) return null;
  return Readable.toWeb(fs.createReadStream(p)) as ReadableStream<Uint8Array>;
}
