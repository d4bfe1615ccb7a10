"use client";
import { ChevronFirstIcon, ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonVariants } from "@/components/ui/button";
import { useT } from "@/lib/i18n/client";
import { cn } from "@/lib/utils";
import { useCursorHref } from "./use-url-sorting";

const link = cn(buttonVariants({ variant: "outline", size: "sm" }));

/**
 * Keyset paging as the list APIs give it (`cursor`, `limit`, `nextCursor`, `prevCursor`): links to
 * the first page, the previous and the next, kept in the URL so a page can be shared and reloaded.
 */
export function DataTablePagination({
  cursor,
  nextCursor,
  prevCursor,
  summary,
  labels,
}: {
  /** The cursor of the page shown (null: the first page). */
  cursor: string | null | undefined;
  nextCursor: string | null | undefined;
  prevCursor?: string | null;
  /** "Showing 50" or an estimate, on the left. */
  summary?: ReactNode;
  labels?: { nav?: string; first?: string; previous?: string; next?: string; last?: string };
}) {
  const t = useT();
  const href = useCursorHref();
  const l = {
    nav: labels?.nav ?? t("common.pagination"),
    first: labels?.first ?? t("common.firstPage"),
    previous: labels?.previous ?? t("common.previous"),
    next: labels?.next ?? t("common.next"),
    last: labels?.last ?? t("common.lastPage"),
  };
  return (
    <nav aria-label={l.nav} className="flex flex-wrap items-center justify-between gap-3">
      <div className="text-sm text-slate-600">{summary}</div>
      <div className="flex flex-wrap items-center gap-2">
        {cursor ? (
          <Link href={href(null)} className={link}>
            <ChevronFirstIcon aria-hidden />
            {l.first}
          </Link>
        ) : null}
        {prevCursor ? (
          <Link href={href(prevCursor)} className={link} rel="prev">
            <ChevronLeftIcon aria-hidden />
            {l.previous}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={href(nextCursor)} className={link} rel="next">
            {l.next}
            <ChevronRightIcon aria-hidden />
          </Link>
        ) : (
          <span className="text-sm text-slate-600">{l.last}</span>
        )}
      </div>
    </nav>
  );
}
