import { AppError } from "@/lib/errors";
import { EVIDENCE_FIELD, EVIDENCE_KINDS, evidenceKindOf, type EvidenceKind, type EvidenceRefusal } from "./evidence-kinds";

/**
 * An uploaded file is accepted only when its extension names an accepted kind AND its content is
 * that kind: magic bytes for PDF and the images; for CSV and EML, text without NUL bytes (and, for
 * EML, a header block of `Name: value` lines naming at least one mail header). The browser's
 * declared type is never trusted; the stored type is the kind's own.
 */

const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);
const MAIL_HEADERS = new Set(["from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version", "delivered-to", "reply-to", "cc"]);

function startsWith(bytes: Buffer, magic: string | number[], at = 0): boolean {
  const m = typeof magic === "string" ? Buffer.from(magic, "latin1") : Buffer.from(magic);
  return bytes.length >= at + m.length && bytes.subarray(at, at + m.length).equals(m);
}

/** Whether `bytes` is what `kind` says. */
export function contentIs(kind: EvidenceKind, bytes: Buffer): boolean {
  switch (kind) {
    case "pdf":
      return startsWith(bytes, "%PDF-");
    case "png":
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "jpeg":
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case "gif":
      return startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a");
    case "webp":
      return startsWith(bytes, "RIFF") && startsWith(bytes, "WEBP", 8);
    case "heic":
      return startsWith(bytes, "ftyp", 4) && HEIC_BRANDS.has(bytes.subarray(8, 12).toString("latin1"));
    case "csv":
      return isText(bytes);
    case "eml":
      return isText(bytes) && looksLikeMail(bytes);
  }
}

/** Text: no NUL byte, and not one of the binary kinds above under a text name. */
function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  return !(["pdf", "png", "jpeg", "gif", "webp", "heic"] as const).some((k) => contentIs(k, bytes));
}

/** A mail's header block: `Name: value` lines (or folded continuations) up to the first blank line, one of them a mail header. */
function looksLikeMail(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 64 * 1024).toString("latin1");
  const lines = head.split(/\r?\n/);
  let mailHeader = false;
  let count = 0;
  for (const line of lines) {
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      if (count === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    count++;
    if (MAIL_HEADERS.has(m[1]!.toLowerCase())) mailHeader = true;
  }
  return count > 0 && mailHeader;
}

export function evidenceRefusal(code: EvidenceRefusal, message: string, params?: Record<string, string | number>): AppError {
  const status = code === "evidence_type" ? 415 : code === "evidence_too_large" ? 413 : 422;
  return new AppError(status, code, message, { [EVIDENCE_FIELD]: params ? { code, params } : { code } }, params);
}

/** A file name safe to store and to send back: no control characters or quotes, at most 200 characters, its extension kept. */
export function cleanFileName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f"\\/]/g, "_").trim();
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : "";
  return clean.slice(0, 200 - ext.length) + ext;
}

/** The kind and stored type of an upload, or the refusal naming why not. */
export function checkEvidence(fileName: string, bytes: Buffer): { kind: EvidenceKind; contentType: string; fileName: string } {
  const name = cleanFileName(fileName);
  const kind = evidenceKindOf(name);
  if (!kind) throw evidenceRefusal("evidence_type", "Only PDF, images (PNG, JPEG, GIF, WebP, HEIC), CSV and EML files may be attached.", { extension: name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "" });
  if (bytes.length === 0) throw evidenceRefusal("evidence_empty", "The file is empty.");
  if (!contentIs(kind, bytes)) throw evidenceRefusal("evidence_mismatch", `The file's content is not ${kind.toUpperCase()}, as its name says.`, { kind });
  return { kind, contentType: EVIDENCE_KINDS[kind].contentType, fileName: name };
}
