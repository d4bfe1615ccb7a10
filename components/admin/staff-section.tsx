"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { AddPanel, ListStates, SectionHeader, ShowMore } from "@/components/ui/section";
import { useT } from "@/lib/i18n/client";
import type { StaffMember, StaffPage } from "@/lib/users/schemas";
import { apiJson, retryUnlessRefused } from "./api";
import { NewStaffForm } from "./new-staff-form";
import { STAFF_QUERY_KEY } from "./options";
import { StaffActionDialog } from "./staff-action-dialog";
import { StaffRow, type StaffAction } from "./staff-row";

const COLUMNS = ["person", "roles", "status", "twoStep", "lastSignIn", "sessions", "actions"] as const;

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
  function startAdding() {
    setAdding(true);
    setStatus(null);
  }

  return (
    <section aria-labelledby="staff-title" className="space-y-4">
      <SectionHeader id="staff-title" title={t("admin.staff.title")} intro={t("admin.staff.intro")} action={adding ? null : <Button type="button" onClick={startAdding}>{t("admin.staff.new.toggle")}</Button>} />

      {status ? <Notice tone="success">{status}</Notice> : null}

      {adding ? (
        <AddPanel id="new-staff-title" title={t("admin.staff.new.title")}>
          <NewStaffForm onClose={() => setAdding(false)} onCreated={(name) => setStatus(t("admin.staff.new.created", { name }))} />
        </AddPanel>
      ) : null}

      <ListStates query={query} count={members.length} loading={t("admin.staff.loading")} loadFailed={t("admin.staff.loadFailed")} empty={t("admin.staff.empty")} />

      {members.length > 0 ? (
        <DataTable
          caption={t("admin.staff.caption")}
          columns={COLUMNS.map((c) => ({ label: t(`admin.staff.columns.${c}`), align: c === "sessions" ? "right" : undefined }))}
        >
          {members.map((m) => (
            <StaffRow key={m.id} member={m} onAction={(action, member) => setDialog({ action, member })} onUpdated={setStatus} />
          ))}
        </DataTable>
      ) : null}

      <ShowMore query={query} label={t("admin.showMore")} loadingLabel={t("admin.loadingMore")} />

      <StaffActionDialog action={dialog?.action ?? null} member={dialog?.member ?? null} onClose={() => setDialog(null)} onDone={setStatus} />
    </section>
  );
}
