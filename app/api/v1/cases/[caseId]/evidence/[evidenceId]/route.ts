import { attachmentDisposition, downloadEvidence } from "@/lib/cases/evidence";
import { casesRoutes } from "@/lib/cases/openapi";
import { apiRoute } from "@/lib/http/route";

/** One file as an attachment, with its stored type, never rendered by the browser; audited. */
export const GET = apiRoute(casesRoutes.downloadEvidence, async ({ actor, params }) => {
  const { item, body } = await downloadEvidence(actor, params.caseId, params.evidenceId);
  return new Response(body as BodyInit, {
    headers: {
      "content-type": item.contentType,
      "content-length": String(item.sizeBytes),
      "content-disposition": attachmentDisposition(item.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
      "x-content-sha256": item.sha256,
    },
  });
});
