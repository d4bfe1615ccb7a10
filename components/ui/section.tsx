"use client";
import type { ReactNode } from "react";
import { Button } from "./button";

/** A section's heading and introduction, with an action (a "new" button) on the right. */
export function SectionHeader({ id, title, intro, action }: { id: string; title: ReactNode; intro?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="max-w-3xl space-y-1">
        <h2 id={id} className="text-xl font-semibold">
          {title}
        </h2>
        {intro ? <p className="text-sm text-slate-700">{intro}</p> : null}
      </div>
      {action}
    </div>
  );
}

/** The bordered panel that holds a section's "new …" form. */
export function AddPanel({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h3 id={id} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** What ShowMore reads of a react-query infinite result. */
export type PagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** The "show more" button under a keyset-paged list, while there is a next page. */
export function ShowMore({ query, label, loadingLabel }: { query: PagedQuery; label: ReactNode; loadingLabel: ReactNode }) {
  if (!query.hasNextPage) return null;
  return (
    <Button type="button" variant="outline" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} aria-busy={query.isFetchingNextPage || undefined}>
      {query.isFetchingNextPage ? loadingLabel : label}
    </Button>
  );
}
