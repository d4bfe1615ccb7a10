"use client";
import { EyeOff } from "lucide-react";
import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import type { RelatedCase } from "@/lib/cases/file-schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { CaseOutcomeTag, CaseStatusTag } from "../case-tags";

/** Related cases across banks: a case the viewer may see with its facts and a link; another bank's only as existing, with how it is related. */
export function RelatedCases({ items, truncated }: { items: RelatedCase[]; truncated: boolean }) {
  const { t, locale } = useI18n();
  const relations = (r: RelatedCase) => r.relations.map((x) => t(`cases.file.related.relations.${x}`)).join(locale === "ja" ? "・" : ", ");
  return (
    <section aria-labelledby="case-related" className="space-y-2">
      <div className="space-y-1">
        <h2 id="case-related" className="text-lg font-semibold">
          {t("cases.file.related.title")}
        </h2>
        <p className="max-w-4xl text-sm text-slate-700">{t("cases.file.related.intro")}</p>
      </div>
      {items.length === 0 ? (
        <Notice>{t("cases.file.related.empty")}</Notice>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" aria-label={t("cases.file.related.caption")} data-testid="related-cases">
          {items.map((r, i) =>
            r.visible ? (
              <li key={r.id} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-3 py-2 text-sm" data-testid="related-case">
                <Link href={`/cases/${r.reference}`} className="font-mono font-medium text-brand-700 underline-offset-2 hover:underline">
                  {r.reference}
                </Link>
                <span>
                  {r.bankCode} {locale === "ja" ? r.bankNameJa : r.bankNameEn}
                </span>
                <CaseStatusTag status={r.status} />
                <CaseOutcomeTag outcome={r.outcome} />
                <span className="tabular-nums">{formatYen(r.lossYen)}</span>
                <span className="text-slate-600 tabular-nums">{formatJst(r.openedAt)}</span>
                <span className="text-slate-700">
                  {t("cases.file.related.relation")}: {relations(r)}
                </span>
              </li>
            ) : (
              <li key={`hidden-${i}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm text-slate-700" data-testid="related-case-hidden">
                <EyeOff aria-hidden className="size-4 text-slate-500" />
                <span className="font-medium">{t("cases.file.related.hidden")}</span>
                <span>
                  {t("cases.file.related.relation")}: {relations(r)}
                </span>
                <span className="text-slate-600">{t("cases.file.related.hiddenHelp")}</span>
              </li>
            ),
          )}
        </ul>
      )}
      {truncated ? <p className="text-sm text-slate-600">{t("cases.file.related.truncated")}</p> : null}
    </section>
  );
}
