/**
 * What a case's evidence may be, without zod or Node: the server checks uploads against it
 * (lib/cases/evidence-check.ts) and the evidence panel uses it for the file picker and its hints.
 */

/** 20 MiB: the largest file (the table's CHECK says the same). */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/** The form field an upload carries its file in. */
export const EVIDENCE_FIELD = "file";

export type EvidenceKind = "pdf" | "png" | "jpeg" | "gif" | "webp" | "heic" | "csv" | "eml";

/** Each kind: the extensions it is accepted under and the type it is stored and served with. */
export const EVIDENCE_KINDS: Record<EvidenceKind, { extensions: readonly string[]; contentType: string }> = {
  pdf: { extensions: ["pdf"], contentType: "application/pdf" },
  png: { extensions: ["png"], contentType: "image/png" },
  jpeg: { extensions: ["jpg", "jpeg"], contentType: "image/jpeg" },
  gif: { extensions: ["gif"], contentType: "image/gif" },
  webp: { extensions: ["webp"], contentType: "image/webp" },
  heic: { extensions: ["heic", "heif"], contentType: "image/heic" },
  csv: { extensions: ["csv"], contentType: "text/csv" },
  eml: { extensions: ["eml"], contentType: "message/rfc822" },
};

/** For `<input type="file" accept>`: every accepted extension. */
export const EVIDENCE_ACCEPT = Object.values(EVIDENCE_KINDS)
  .flatMap((k) => k.extensions.map((e) => `.${e}`))
  .join(",");

/**
 * Why an upload was refused (the problem's `code`, and `errors.file.code`): its extension is not an
 * accepted kind (415), its content is not what its extension says (422), it is empty (422), or it
 * is larger than EVIDENCE_MAX_BYTES (413).
 */
export const EVIDENCE_REFUSALS = ["evidence_type", "evidence_mismatch", "evidence_empty", "evidence_too_large"] as const;
export type EvidenceRefusal = (typeof EVIDENCE_REFUSALS)[number];

/** The kind a file name's extension names, or null. */
export function evidenceKindOf(fileName: string): EvidenceKind | null {
  const dot = fileName.lastIndexOf(".");
  if (dot < 0) return null;
  const ext = fileName.slice(dot + 1).toLowerCase();
  for (const [kind, k] of Object.entries(EVIDENCE_KINDS) as [EvidenceKind, (typeof EVIDENCE_KINDS)[EvidenceKind]][]) if (k.extensions.includes(ext)) return kind;
  return null;
}
