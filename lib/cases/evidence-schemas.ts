import { z } from "zod";
import { EVIDENCE_KINDS, type EvidenceKind } from "./evidence-kinds";

/** One file attached to a case, as the list and an upload answer it (never its bytes). */
export const evidenceItem = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  fileName: z.string(),
  kind: z.enum(Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]]),
  /** The type it is stored and downloaded with (the kind's, not what the browser declared). */
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.object({ id: z.uuid(), displayName: z.string() }),
  uploadedAt: z.iso.datetime({ offset: true }),
});
export type EvidenceItem = z.infer<typeof evidenceItem>;

export const evidenceList = z.object({ items: z.array(evidenceItem) });
export type EvidenceList = z.infer<typeof evidenceList>;
