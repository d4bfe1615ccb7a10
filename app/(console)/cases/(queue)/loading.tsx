import { Notice } from "@/components/ui/notice";
import { getT } from "@/lib/i18n/server";

export default async function Loading() {
  const t = await getT();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("cases.queue.title")}</h1>
      <Notice>{t("cases.queue.loading")}</Notice>
    </div>
  );
}
