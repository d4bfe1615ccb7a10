import { notFound } from "next/navigation";
import { CaseFileView } from "@/components/cases/file/case-file-view";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { listEvidence } from "@/lib/cases/evidence";
import { getCaseFile } from "@/lib/cases/file";
import { NotFound } from "@/lib/errors";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }) {
  const t = await getT();
  const { ref } = await params;
  return { title: t("cases.file.title", { reference: decodeURIComponent(ref).toUpperCase() }) };
}

/** The case file (#14 §2): prefetched with the services, then kept by react-query against /api/v1/cases/{id}. */
export default async function CaseFilePage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requirePermission("cases.read");
  const { ref } = await params;
  const key = decodeURIComponent(ref);
  const loaded = await Promise.all([getCaseFile(actor, key), listEvidence(actor, key)]).catch((e: unknown) => {
    // Another bank's case, or none: the same "not found" as the API.
    if (e instanceof NotFound) notFound();
    throw e;
  });
  const [file, evidence] = loaded;
  return (
    <ClientMessages namespaces={["cases", "accounts", "controls", "reimbursements"]}>
      <CaseFileView initialData={file} initialEvidence={evidence} viewer={{
          canWork: can(actor, "cases.work"),
          canNote: can(actor, "cases.note"),
          canReadReimbursements: can(actor, "reimbursements.read"),
          canPropose: can(actor, "reimbursements.propose"),
          canCompensate: can(actor, "reimbursements.compensate") && actor.orgKind === "bank",
          userId: actor.userId,
        }} />
    </ClientMessages>
  );
}
