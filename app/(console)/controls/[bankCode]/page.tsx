import Link from "next/link";
import { notFound } from "next/navigation";
import { HistoryTimeline } from "@/components/controls/history-timeline";
import { requirePermission } from "@/lib/auth/page-guard";
import { history } from "@/lib/controls/service";
import { NotFound } from "@/lib/errors";
import { getLocale, getT } from "@/lib/i18n/server";

/** One bank's timeline: every change, loosening request and decision, newest first. */
export default async function ControlHistoryPage({ params }: { params: Promise<{ bankCode: string }> }) {
  const actor = await requirePermission("controls.read");
  const { bankCode } = await params;
  const t = await getT();
  const locale = await getLocale();
  let initial;
  try {
    initial = await history(actor, bankCode, { limit: 50 });
  } catch (e) {
    if (e instanceof NotFound) notFound();
    throw e;
  }
  const bank = `${locale === "ja" ? initial.nameJa : initial.nameEn} (${initial.bankCode})`;
  return (
    <div className="space-y-4">
      <Link href="/controls" className="text-sm text-brand-700 underline">
        {t("controls.history.back")}
      </Link>
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("controls.history.title", { bank })}</h1>
        <p className="text-slate-700">{t("controls.history.intro")}</p>
      </div>
      <HistoryTimeline bankCode={initial.bankCode} initial={initial} />
    </div>
  );
}
