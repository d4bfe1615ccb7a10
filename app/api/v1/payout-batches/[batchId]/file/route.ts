import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { payoutBatchFile } from "@/lib/reimbursements/payouts";
import { apiRoute } from "@/lib/http/route";

/** The batch's zengin transfer file, Shift_JIS bytes, as an attachment. */
export const GET = apiRoute(reimbursementsRoutes.payoutBatchFile, async ({ actor, params }) => {
  const { bytes, fileName } = await payoutBatchFile(actor, params.batchId);
  return new Response(new Uint8Array(bytes), { headers: { "content-type": "text/plain; charset=Shift_JIS", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" } });
});
