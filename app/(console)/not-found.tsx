import { getT } from "@/lib/i18n/server";

export default async function NotFound() {
  const t = await getT();
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold">{t("common.notFound")}</h1>
      <p className="text-slate-700">{t("common.notFoundBody")}</p>
    </div>
  );
}
