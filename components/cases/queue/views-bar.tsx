"use client";
import { useQuery } from "@tanstack/react-query";
import { BookmarkPlusIcon, XIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { apiJson } from "@/lib/api-client";
import type { SavedView, SavedViewList } from "@/lib/cases/schemas";
import { useT } from "@/lib/i18n/client";
import { cn } from "@/lib/utils";

// The save form (react-hook-form, zod) and the delete confirmation load when asked for.
const SaveViewDialog = dynamic(() => import("./view-dialogs").then((m) => m.SaveViewDialog), { ssr: false });
const DeleteViewAlert = dynamic(() => import("./view-dialogs").then((m) => m.DeleteViewAlert), { ssr: false });

export const VIEWS_KEY = ["cases", "views"] as const;

/**
 * The queue's views: every open case, the built-in "my cases" and "unassigned", then the person's
 * own (kept in the database: they follow the person to another browser), each a link to the queue
 * with its filters; the current one marked. Save the current filters under a name; delete one's own
 * after a confirmation.
 */
export function ViewsBar({ initialData, current }: { initialData?: SavedViewList; current: string }) {
  const t = useT();
  const query = useQuery({ queryKey: VIEWS_KEY, queryFn: () => apiJson<SavedViewList>("/api/v1/cases/views"), initialData });
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const views: { id: string; name: string; query: string; own?: SavedView }[] = [
    { id: "all", name: t("cases.queue.views.all"), query: "" },
    ...(query.data?.items ?? []).map((v) => ({
      id: v.id,
      name: v.builtIn ? (v.id === "mine" ? t("cases.queue.views.mine") : t("cases.queue.views.unassigned")) : (v.name ?? ""),
      query: v.query,
      own: v.builtIn ? undefined : v,
    })),
  ];
  return (
    <nav aria-label={t("cases.queue.views.label")} className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5" data-testid="queue-views">
      {views.map((v) => {
        const active = v.query === current;
        return (
          <span key={v.id} className={cn("inline-flex items-center rounded-full border text-sm", active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800")}>
            <Link href={v.query ? `/cases?${v.query}` : "/cases"} aria-current={active ? "page" : undefined} className={cn("rounded-full px-3 py-1 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50", v.own && "pr-1")}>
              {v.name}
            </Link>
            {v.own ? (
              <button
                type="button"
                onClick={() => setDeleting(v.own!)}
                aria-label={t("cases.queue.views.delete", { name: v.name })}
                className={cn("mr-1 rounded-full p-0.5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50", active ? "hover:bg-brand-700" : "text-slate-500 hover:bg-slate-100")}
              >
                <XIcon aria-hidden className="size-3.5" />
              </button>
            ) : null}
          </span>
        );
      })}
      {query.isError ? (
        <span className="text-sm text-red-800">
          {t("cases.queue.views.loadFailed")}{" "}
          <Button type="button" size="sm" variant="link" className="h-auto px-0" onClick={() => void query.refetch()}>
            {t("common.retry")}
          </Button>
        </span>
      ) : null}
      <Button type="button" size="sm" variant="ghost" onClick={() => setSaving(true)}>
        <BookmarkPlusIcon aria-hidden />
        {t("cases.queue.views.save")}
      </Button>
      {saving ? <SaveViewDialog query={current} onClose={() => setSaving(false)} /> : null}
      {deleting ? <DeleteViewAlert view={deleting} onClose={() => setDeleting(null)} /> : null}
    </nav>
  );
}
