import { Notice } from "@/components/ui/notice";
import { getT } from "@/lib/i18n/server";

export default async function Loading() {
  const t = await getT();
  return <Notice>{t("common.loading")}</Notice>;
}
