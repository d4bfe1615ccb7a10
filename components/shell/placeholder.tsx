import { getT } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/types";

/** An honest page for an area a later issue builds. */
export async function Placeholder({ title, what, issue }: { title: MessageKey; what: MessageKey; issue?: number }) {
  const t = await getT();
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold">{t(title)}</h1>
      <p className="text-slate-700">{issue ? t("common.comingWith", { issue, what: t(what) }) : t("common.comingLater", { what: t(what) })}</p>
    </div>
  );
}
