import { requireStaff } from "@/lib/auth/current";
import { getLocale, getT } from "@/lib/i18n/server";

export default async function HomePage() {
  const actor = await requireStaff();
  const t = await getT();
  const locale = await getLocale();
  const bank = locale === "ja" ? actor.orgNameJa : actor.orgNameEn;
  const scope = actor.bankId ? t("shell.home.scopeBank", { bank }) : t("shell.home.scopeAll");
  return (
    <div className="max-w-2xl space-y-2">
      <h1 className="text-2xl font-bold">{t("shell.home.title", { name: actor.displayName })}</h1>
      <p className="text-slate-700">{t("shell.home.body", { scope })}</p>
    </div>
  );
}
