import Link from "next/link";
import { notFound } from "next/navigation";
import { BankPanel } from "@/components/controls/bank-panel";
import { HistoryTimeline } from "@/components/controls/history-timeline";
import { CrumbLabel } from "@/components/shell/crumb";
import { requirePermission } from "@/lib/auth/page-guard";
import { history, listControls } from "@/lib/controls/service";
import { NotFound } from "@/lib/errors";
import { getLocale, getT } from "@/lib/i18n/server";

/** One bank: both controls now and the viewer's actions on them, beside every change, request and decision, newest first. */
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
  const board = await listControls(actor);
  const name = locale === "ja" ? initial.nameJa : initial.nameEn;
  const bank = `${name} (${initial.bankCode})`;
  return (
    <div className="space-y-4 break-keep wrap-break-word">
      <CrumbLabel path={`/controls/${bankCode}`} label={name} />
      <Link href="/controls" className="text-sm text-brand-700 underline">
        {t("controls.history.back")}
      </Link>
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("controls.history.title", { bank })}</h1>
        <p className="text-sm text-slate-700">{t("controls.bank.intro")}</p>
      </div>
      <div className="grid items-start gap-6 min-[85rem]:grid-cols-[minmax(18rem,24rem)_minmax(0,1fr)]">
        <BankPanel bankCode={initial.bankCode} initialBoard={board} />
        <section aria-labelledby="bank-history-title" className="min-w-0 space-y-2">
          <h2 id="bank-history-title" className="text-lg font-semibold">
            {t("controls.bank.historyTitle")}
          </h2>
          <HistoryTimeline bankCode={initial.bankCode} initial={initial} />
        </section>
      </div>
    </div>
  );
}
