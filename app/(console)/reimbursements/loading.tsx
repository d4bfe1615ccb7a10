import { Notice } from "@/components/ui/notice";
import { getT } from "@/lib/i18n/server";

export default async function Loading() {
  const t = await getT();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("reimbursements.title")}</h1>
      <Notice>{t("reimbursements.loading")}</Notice>
    </div>
  );
}
