import { notFound } from "next/navigation";
import { cache } from "react";
import { CaseFileView } from "@/components/cases/file/case-file-view";
import { CrumbLabel } from "@/components/shell/crumb";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { listEvidence } from "@/lib/cases/evidence";
import { getCaseFile } from "@/lib/cases/file";
import { NotFound } from "@/lib/errors";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { getT } from "@/lib/i18n/server";

// Once per request for the title and the page (a case opened by its id is titled by its reference too).
const load = cache(async (key: string) => {
  const actor = await requirePermission("cases.read");
  const [file, evidence] = await Promise.all([getCaseFile(actor, key), listEvidence(actor, key)]);
  return { actor, file, evidence };
});

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }) {
  const t = await getT();
  const key = decodeURIComponent((await params).ref);
  const reference = await load(key).then(
    (l) => l.file.case.reference,
    (e: unknown) => {
      // The page says "not found"; the title keeps what was asked for.
      if (e instanceof NotFound) return key.toUpperCase();
      throw e;
    },
  );
  return { title: t("cases.file.title", { reference }) };
}

/** The case file (#14 §2): prefetched with the services, then kept by react-query against /api/v1/cases/{id}. */
export default async function CaseFilePage({ params }: { params: Promise<{ ref: string }> }) {
  const { ref } = await params;
  const { actor, file, evidence } = await load(decodeURIComponent(ref)).catch((e: unknown) => {
    // Another bank's case, or none: the same "not found" as the API.
    if (e instanceof NotFound) notFound();
    throw e;
  });
  return (
    <ClientMessages namespaces={["cases", "accounts", "controls", "reimbursements"]}>
      {/* The breadcrumb names the case by its reference, whether the URL holds it or the case's id. */}
      <CrumbLabel path={`/cases/${ref}`} label={file.case.reference} />
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
