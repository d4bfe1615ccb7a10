"use client";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { StateBadge } from "@/components/controls/state-badge";
import { bankName, controlName, personText } from "@/components/controls/text";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { Situation } from "@/lib/situation/schemas";

/** The newest control changes in scope: when (Japan time), which bank and switch, from and to, who; each opens the bank's history. */
export function LatestChanges({ changes }: { changes: NonNullable<Situation["latestChanges"]> }) {
  const { t, locale } = useI18n();
  return (
    <Card className="gap-3 py-3" data-testid="home-latest">
      <CardHeader>
        <CardTitle>
          <h2>{t("home.latest.title")}</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        {changes.length === 0 ? (
          <p className="text-sm text-slate-700">{t("home.latest.empty")}</p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {changes.map((c) => (
              <li key={c.id} className="py-1.5 first:pt-0 last:pb-0">
                <Link href={`/controls/${c.bankCode}`} className="block rounded text-sm hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none">
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                    <time dateTime={c.at} className="text-xs text-slate-700 tabular-nums">
                      {formatJst(c.at)}
                    </time>
                    <span className="font-semibold">{bankName(locale, c)}</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs">
                    <span>{controlName(t, c.control)}</span>
                    <StateBadge state={c.fromState} short />
                    <span>→</span>
                    <StateBadge state={c.toState} short />
                    <span className="text-slate-700">{t("home.latest.by", { name: personText(t, c.by) })}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
