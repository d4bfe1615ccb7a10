"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import dynamic from "next/dynamic";
import { useState } from "react";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { Button } from "@/components/ui/button";
import { AddPanel, SectionHeader, ShowMore } from "@/components/ui/section";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { StaffMember, StaffPage } from "@/lib/users/schemas";
import { apiJson, retryUnlessRefused } from "./api";
import { Badge, BadgeList } from "./badge";
import { roleLabel, STAFF_QUERY_KEY } from "./options";
import { StaffMenu, type StaffAction } from "./staff-menu";

// The forms (react-hook-form, the resolver, zod) and the dialogs (Radix's, the mutation hook and its
// toasts) load when they open, not with the page (issue #13 §9).
const NewStaffForm = dynamic(() => import("./new-staff-form").then((m) => m.NewStaffForm), { ssr: false });
const EditStaffDialog = dynamic(() => import("./edit-staff-form").then((m) => m.EditStaffDialog), { ssr: false });
const StaffActionDialog = dynamic(() => import("./staff-action-dialog").then((m) => m.StaffActionDialog), { ssr: false });

function staffUrl(cursor: string | undefined): string {
  return `/api/v1/admin/users${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
}

/**
 * The organisation's staff: the table (one 36 px row each, the name kept in view), a form for a
 * new member, and each person's actions in a row menu. The server renders the first page
 * (initialData); react-query refetches from /api/v1/admin/users after every change.
 */
export function StaffSection({ initialData }: { initialData?: StaffPage }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<{ action: StaffAction; member: StaffMember } | null>(null);
  const query = useInfiniteQuery({
    queryKey: STAFF_QUERY_KEY,
    queryFn: ({ pageParam }) => apiJson<StaffPage>(staffUrl(pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initialData ? { pages: [initialData], pageParams: [undefined] } : undefined,
    retry: retryUnlessRefused,
  });
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];
  const col = (key: "name" | "email" | "roles" | "status" | "twoStep" | "lastSignIn" | "sessions" | "actions") => t(`admin.staff.columns.${key}`);
  const columns: ColumnDef<StaffMember>[] = [
    {
      id: "name",
      header: col("name"),
      size: 200,
      enableHiding: false,
      meta: { label: col("name"), rowHeader: true },
      cell: ({ row: { original: m } }) => (
        <span className="flex items-center gap-1.5 font-medium text-slate-900">
          <Truncated text={m.displayName} className="max-w-40" />
          {m.isYou ? <span className="text-xs font-normal text-slate-600">({t("admin.you")})</span> : null}
        </span>
      ),
    },
    { id: "email", header: col("email"), meta: { label: col("email") }, cell: ({ row }) => <Truncated text={row.original.email} className="max-w-56 text-slate-700" /> },
    {
      id: "roles",
      header: col("roles"),
      meta: { label: col("roles") },
      cell: ({ row: { original: m } }) => (
        <BadgeList
          tone="blue"
          items={[
            ...m.roles.map((r) => ({ key: r, label: roleLabel(t, r) })),
            ...(m.pendingGrant?.roles ?? []).map((r) => ({ key: `pending-${r}`, label: t("admin.staff.pendingRole", { role: roleLabel(t, r) }) })),
          ]}
        />
      ),
    },
    {
      id: "status",
      header: col("status"),
      meta: { label: col("status") },
      cell: ({ row: { original: m } }) => (
        <span className="flex gap-1">
          <Badge tone={m.status === "disabled" ? "red" : "green"}>{m.status === "disabled" ? t("admin.staff.status.disabled") : t("admin.staff.status.active")}</Badge>
          {m.mustChangePassword ? <Badge tone="amber">{t("admin.staff.temporaryPassword")}</Badge> : null}
          {m.pendingReset ? <Badge tone="amber">{t("admin.staff.pendingReset")}</Badge> : null}
        </span>
      ),
    },
    {
      id: "twoStep",
      header: col("twoStep"),
      meta: { label: col("twoStep") },
      cell: ({ row: { original: m } }) => <Badge tone={m.enrolled ? "green" : "amber"}>{m.enrolled ? t("admin.staff.enrolled") : t("admin.staff.notEnrolled")}</Badge>,
    },
    {
      id: "lastSignIn",
      header: col("lastSignIn"),
      meta: { label: col("lastSignIn"), className: "tabular-nums" },
      cell: ({ row: { original: m } }) => (m.lastSignInAt ? formatJst(m.lastSignInAt) : t("admin.staff.never")),
    },
    { id: "sessions", header: col("sessions"), meta: { label: col("sessions"), align: "right" }, cell: ({ row }) => row.original.activeSessions },
    {
      id: "actions",
      header: () => <span className="sr-only">{col("actions")}</span>,
      enableHiding: false,
      meta: { label: col("actions"), className: "w-0 text-right" },
      cell: ({ row }) => <StaffMenu member={row.original} onAction={(action, member) => setOpen({ action, member })} />,
    },
  ];

  return (
    <section aria-labelledby="staff-title" className="space-y-4">
      <SectionHeader id="staff-title" title={t("admin.staff.title")} intro={t("admin.staff.intro")} action={adding ? null : <Button type="button" onClick={() => setAdding(true)}>{t("admin.staff.new.toggle")}</Button>} />

      {adding ? (
        <AddPanel id="new-staff-title" title={t("admin.staff.new.title")}>
          <NewStaffForm onClose={() => setAdding(false)} />
        </AddPanel>
      ) : null}

      <DataTable
        tableId="admin-staff"
        columns={columns}
        data={members}
        caption={t("admin.staff.caption")}
        getRowId={(m) => m.id}
        rowTestId={(m) => `staff-row-${m.email}`}
        pinned={["name"]}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("admin.staff.loadFailed")}
        empty={t("admin.staff.empty")}
        footer={<ShowMore query={query} label={t("admin.showMore")} loadingLabel={t("admin.loadingMore")} />}
      />

      {open?.action === "edit" ? <EditStaffDialog member={open.member} onClose={() => setOpen(null)} /> : null}
      {open && open.action !== "edit" ? <StaffActionDialog action={open.action} member={open.member} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
