import { ApiError, problemOf, takeIdempotencyKey } from "@/lib/api-client";
import type { EvidenceItem } from "@/lib/cases/evidence-schemas";
import { EVIDENCE_FIELD } from "@/lib/cases/evidence-kinds";

/** The query key of a case's evidence list (the case file invalidates it too). */
export const evidenceKey = (caseId: string) => ["case-evidence", caseId] as const;

export const evidenceUrl = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/evidence`;

/**
 * Sends one file (multipart/form-data) with upload progress, which fetch cannot report: through
 * XMLHttpRequest, answered like apiJson (the item, or an ApiError with the refusal's codes).
 */
export function uploadEvidence(caseId: string, file: File, onProgress: (fraction: number) => void): Promise<EvidenceItem> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", evidenceUrl(caseId));
    xhr.setRequestHeader("accept", "application/json");
    // The same file sent again under the key is answered from the first upload (lib/http/idempotency.ts).
    const key = takeIdempotencyKey();
    if (key) xhr.setRequestHeader("idempotency-key", key);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network error", null));
    xhr.onload = () => {
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { "content-type": xhr.getResponseHeader("content-type") ?? "" } });
      if (res.ok) void res.json().then((v) => resolve(v as EvidenceItem), reject);
      else void problemOf(res).then(reject, reject);
    };
    const form = new FormData();
    form.append(EVIDENCE_FIELD, file, file.name);
    xhr.send(form);
  });
}
