"use client";
import Link from "next/link";
import { StateBadge } from "@/components/controls/state-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { SituationBank } from "@/lib/situation/schemas";

/** Up to this many banks are one table; more are two or three side by side. */
const ONE_TABLE = 12;

function chunks<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * Every bank in scope: its registrations and charges (colour, mark and words) and the attempts
 * blocked in the last 24 hours; a row opens the bank's controls and history. Thirty-five banks are
 * three tables side by side on a wide page and two at 1024 px, so the matrix stays a few hundred
 * pixels tall (the hidden layout is display:none, out of the accessibility tree).
 */
export function BankMatrix({ banks }: { banks: SituationBank[] }) {
  const { t } = useI18n();
  return (
    <Card className="gap-3 py-3" data-testid="home-matrix">
      <CardHeader>
        <CardTitle>
          <h2>{t("home.matrix.title")}</h2>
        </CardTitle>
        <CardDescription>{t("home.matrix.caption")}</CardDescription>
      </CardHeader>
      <CardContent>
        {banks.length === 0 ? (
          <p className="text-sm text-slate-700">{t("home.matrix.empty")}</p>
        ) : banks.length <= ONE_TABLE ? (
          <MatrixTable banks={banks} />
        ) : (
          <div className="@container">
            <div className="hidden grid-cols-3 items-start gap-3 @min-[68rem]:grid">
              {chunks(banks, 3).map((part) => (
                <MatrixTable key={part[0]!.bankCode} banks={part} />
              ))}
            </div>
            <div className="grid items-start gap-3 @min-[40rem]:grid-cols-2 @min-[68rem]:hidden">
              {chunks(banks, 2).map((part) => (
                <MatrixTable key={part[0]!.bankCode} banks={part} />
              ))}
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function MatrixTable({ banks }: { banks: SituationBank[] }) {
  const { t, locale } = useI18n();
  const head = "h-7 px-1.5 text-xs";
  const cell = "px-1.5 py-0.5 align-middle whitespace-nowrap";
  return (
    <Table className="text-xs" containerClassName="rounded-md border border-slate-200">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className={head}>{t("home.matrix.bank")}</TableHead>
          <TableHead className={`${head} w-px`}>{t("home.matrix.registrations")}</TableHead>
          <TableHead className={`${head} w-px`}>{t("home.matrix.charges")}</TableHead>
          <TableHead className={`${head} w-px text-right`}>
            <abbr title={t("home.matrix.blockedLong")} className="no-underline">
              {t("home.matrix.blocked")}
            </abbr>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {banks.map((b) => (
          <TableRow key={b.bankCode} className="relative">
            <th scope="row" className={`${cell} max-w-0 text-left font-normal`}>
              {/* The link's box covers the row: every cell opens the bank. */}
              <Link
                href={`/controls/${b.bankCode}`}
                data-bank={b.bankCode}
                className="block truncate after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand-600"
              >
                <span className="font-semibold tabular-nums">{b.bankCode}</span> {locale === "ja" ? b.nameJa : b.nameEn}
              </Link>
            </th>
            <td className={cell}>
              <StateBadge state={b.registrations} short />
            </td>
            <td className={cell}>
              <StateBadge state={b.charges} short />
            </td>
            <td className={`${cell} text-right tabular-nums`}>{formatCount(b.blocked.registrations + b.blocked.charges)}</td>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
