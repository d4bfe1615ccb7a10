"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";
import type { StaffMember, StaffPage } from "@/lib/users/schemas";
import { apiJson, retryUnlessRefused } from "./api";
import { NewStaffForm } from "./new-staff-form";
import { STAFF_QUERY_KEY } from "./options";
import { StaffActionDialog } from "./staff-action-dialog";
import { StaffRow, type StaffAction } from "./staff-row";

function staffUrl(cursor: string | undefined): string {
  return `/api/v1/admin/users${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
}

/**
 * The organisation's staff: the table, a form for a new member, and the actions on each person.
 * The server renders the first page (initialData); react-query refetches from /api/v1/admin/users
 * after every change.
 */
export function StaffSection({ initialData }: { initialData?: StaffPage }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ action: StaffAction; member: StaffMember } | null>(null);
  const query = useInfiniteQuery({
    queryKey: STAFF_QUERY_KEY,
    queryFn: ({ pageParam }) => apiJson<StaffPage>(staffUrl(pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initialData ? { pages: [initialData], pageParams: [undefined] } : undefined,
    retry: retryUnlessRefused,
  });
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="staff-title" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-3xl space-y-1">
          <h2 id="staff-title" className="text-xl font-semibold">
            {t("admin.staff.title")}
          </h2>
          <p className="text-sm text-slate-700">{t("admin.staff.intro")}</p>
        </div>
        {adding ? null : (
          <Button
            type="button"
            onClick={() => {
              setAdding(true);
              setStatus(null);
            }}
          >
            {t("admin.staff.new.toggle")}
          </Button>
        )}
      </div>

      {status ? <Notice tone="success">{status}</Notice> : null}

      {adding ? (
        <section aria-labelledby="new-staff-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h3 id="new-staff-title" className="font-semibold">
            {t("admin.staff.new.title")}
          </h3>
          <NewStaffForm onClose={() => setAdding(false)} onCreated={(name) => setStatus(t("admin.staff.new.created", { name }))} />
        </section>
      ) : null}

      {query.isPending ? <Notice>{t("admin.staff.loading")}</Notice> : null}
      {query.isError ? (
        <LoadFailed message={t("admin.staff.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      {query.isSuccess && members.length === 0 ? <Notice>{t("admin.staff.empty")}</Notice> : null}

      {members.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t("admin.staff.caption")}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.person")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.roles")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.status")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.twoStep")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.lastSignIn")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("admin.staff.columns.sessions")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.staff.columns.actions")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => (
                <StaffRow key={m.id} member={m} onAction={(action, member) => setDialog({ action, member })} onUpdated={setStatus} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {query.hasNextPage ? (
        <Button type="button" variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t("admin.loadingMore") : t("admin.showMore")}
        </Button>
      ) : null}

      <StaffActionDialog action={dialog?.action ?? null} member={dialog?.member ?? null} onClose={() => setDialog(null)} onDone={setStatus} />
    </section>
  );
}
