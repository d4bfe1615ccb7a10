"use client";
import "./types";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type OnChangeFn,
  type SortingState,
  type Table as TanTable,
  type VisibilityState,
} from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, Settings2Icon } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { LoadFailed } from "@/components/ui/load-failed";
import { Skeleton } from "@/components/ui/skeleton";
import { useT } from "@/lib/i18n/client";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";
import { useColumnVisibility } from "./use-column-visibility";

/**
 * The console's data table (TanStack Table 8, manual mode: the API sorts and pages).
 *
 * - Sorting: columns with `meta.sortParam` sort by header click; pass `sorting` from useUrlSorting
 *   so the URL (and the API's `sort`/`order`) carries it.
 * - Rows are 36 px; the header sticks while the box scrolls; a wide table scrolls inside its own box
 *   and `pinned` columns (their `size` in px) stay in view on the left.
 * - Keyboard: Tab reaches the current row, ↑/↓ (Home/End) move between rows, Enter opens `rowHref`.
 * - States: skeleton rows while pending, the error with a retry, `empty` when there are no rows.
 * - The columns menu hides and shows columns (`enableHiding: false` keeps one); the choice is kept
 *   per `tableId` in the browser (localStorage), so it holds on the next visit.
 * - A column with `meta.rowHeader` names its row (`<th scope="row">`).
 */
export function DataTable<T>({
  tableId,
  columns,
  data,
  caption,
  getRowId,
  sorting,
  onSortingChange,
  rowHref,
  rowTestId,
  pinned = [],
  status = "success",
  error,
  onRetry,
  loadFailed,
  empty,
  toolbar,
  footer,
  testId,
  maxHeight = "max-h-[calc(100dvh-14rem)]",
  initialVisibility,
}: {
  /** The table's name for the stored column choice (one per kind of table, not per page of it). */
  tableId: string;
  columns: ColumnDef<T, never>[] | ColumnDef<T>[];
  data: T[];
  /** Read by screen readers: what the rows are. */
  caption: string;
  getRowId: (row: T) => string;
  sorting?: SortingState;
  onSortingChange?: (next: SortingState) => void;
  /** The page a row opens with Enter (its main link opens it by click). */
  rowHref?: (row: T) => string | undefined;
  rowTestId?: (row: T) => string;
  /** Ids of leading columns kept in view when the table scrolls sideways. */
  pinned?: string[];
  status?: "pending" | "error" | "success";
  error?: unknown;
  onRetry?: () => void;
  loadFailed?: string;
  empty?: ReactNode;
  /** Filters and actions, left of the columns menu. */
  toolbar?: ReactNode;
  /** Paging, under the table. */
  footer?: ReactNode;
  testId?: string;
  /** The box's height limit (the header sticks inside it). */
  maxHeight?: string;
  /** Columns hidden until the reader shows them (lower-value ones on a narrow screen). */
  initialVisibility?: VisibilityState;
}) {
  // TanStack Table 8 returns new functions on every render: React Compiler must not memoise around it.
  "use no memo";
  const t = useT();
  const router = useRouter();
  const [columnVisibility, setColumnVisibility] = useColumnVisibility(tableId, initialVisibility);
  const [active, setActive] = useState(0);
  const handleSorting: OnChangeFn<SortingState> = (updater) => {
    if (!onSortingChange) return;
    onSortingChange(typeof updater === "function" ? updater(sorting ?? []) : updater);
  };
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table 8 (no React Compiler here; "use no memo" above)
  const table = useReactTable({
    data,
    columns: columns as ColumnDef<T>[],
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting: sorting ?? [], columnVisibility, columnPinning: { left: pinned } },
    onSortingChange: handleSorting,
    onColumnVisibilityChange: setColumnVisibility,
  });
  const rows = table.getRowModel().rows;
  const current = Math.min(active, Math.max(rows.length - 1, 0));

  function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) {
    const body = e.currentTarget.parentElement;
    const focusRow = (i: number) => {
      const next = body?.children[i] as HTMLElement | undefined;
      if (!next) return;
      e.preventDefault();
      setActive(i);
      next.focus();
    };
    if (e.target !== e.currentTarget) return; // keys inside a cell's link or button are theirs
    if (e.key === "ArrowDown") focusRow(Math.min(index + 1, rows.length - 1));
    else if (e.key === "ArrowUp") focusRow(Math.max(index - 1, 0));
    else if (e.key === "Home") focusRow(0);
    else if (e.key === "End") focusRow(rows.length - 1);
    else if (e.key === "Enter") {
      const href = rowHref?.(row);
      if (href) {
        e.preventDefault();
        router.push(href);
      }
    }
  }

  const visibleCount = table.getVisibleLeafColumns().length;
  return (
    <div className="space-y-2">
      {toolbar !== undefined || columns.length > 1 ? (
        <div className="flex flex-wrap items-end gap-2">
          {toolbar}
          <ColumnsMenu table={table} />
        </div>
      ) : null}
      {status === "error" ? (
        <LoadFailed message={loadFailed ?? t("common.loadFailed")} error={error} onRetry={onRetry ?? (() => undefined)} />
      ) : (
        <div className={cn("relative overflow-auto rounded-md border bg-background", maxHeight)}>
          <table className="w-full caption-bottom border-separate border-spacing-0 text-sm" data-testid={testId}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const meta = header.column.columnDef.meta;
                    const sorted = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                        style={pinStyle(header.column)}
                        className={cn(
                          "sticky top-0 z-10 h-9 border-b bg-slate-50 px-2 text-left align-middle text-xs font-semibold whitespace-nowrap text-slate-700",
                          meta?.align === "right" && "text-right",
                          header.column.getIsPinned() && "z-20",
                          isLastPinned(header.column) && "border-r",
                          meta?.className,
                        )}
                      >
                        {header.isPlaceholder ? null : header.column.getCanSort() && meta?.sortParam ? (
                          <SortButton column={header.column} label={flexRender(header.column.columnDef.header, header.getContext())} sortLabel={t("common.sortBy", { column: meta.label ?? header.column.id })} />
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {status === "pending" ? (
                Array.from({ length: 5 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    {Array.from({ length: visibleCount }, (_, j) => (
                      <td key={j} className="h-9 border-b px-2">
                        <Skeleton className="h-4 w-full max-w-32" />
                      </td>
                    ))}
                  </tr>
                ))
              ) : rows.length === 0 ? (
                <tr>
                  <td colSpan={visibleCount} className="h-16 px-2 text-center text-sm text-slate-600">
                    {empty ?? t("common.empty")}
                  </td>
                </tr>
              ) : (
                rows.map((row, index) => (
                  <tr
                    key={row.id}
                    tabIndex={index === current ? 0 : -1}
                    data-testid={rowTestId?.(row.original)}
                    onKeyDown={(e) => onRowKey(e, index, row.original)}
                    onFocus={(e) => {
                      if (e.target === e.currentTarget) setActive(index);
                    }}
                    className="group/row outline-none hover:bg-slate-50 focus-visible:bg-brand-50 focus-visible:shadow-[inset_3px_0_0_var(--color-brand-600)]"
                  >
                    {row.getVisibleCells().map((c) => {
                      const meta = c.column.columnDef.meta;
                      const Cell = meta?.rowHeader ? "th" : "td";
                      return (
                        <Cell
                          key={c.id}
                          scope={meta?.rowHeader ? "row" : undefined}
                          style={pinStyle(c.column)}
                          className={cn(
                            "h-9 border-b px-2 py-1 text-left align-middle font-normal whitespace-nowrap",
                            meta?.align === "right" && "text-right tabular-nums",
                            c.column.getIsPinned() && "bg-background group-hover/row:bg-slate-50 group-focus-visible/row:bg-brand-50",
                            isLastPinned(c.column) && "border-r",
                            meta?.className,
                          )}
                        >
                          {flexRender(c.column.columnDef.cell, c.getContext())}
                        </Cell>
                      );
                    })}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {footer}
    </div>
  );
}

// The columns menu (Radix's DropdownMenu and its positioning) loads when first asked for, not with the page (issue #13 §9).
const loadViewOptions = () => import("./data-table-view-options").then((m) => m.DataTableViewOptions);
const DataTableViewOptions = dynamic(loadViewOptions, { ssr: false, loading: () => <ColumnsButton busy /> });

function ColumnsButton({ busy, onClick }: { busy?: boolean; onClick?: () => void }) {
  const t = useT();
  return (
    <Button variant="outline" size="sm" className="ml-auto" aria-haspopup="menu" aria-busy={busy || undefined} onClick={onClick} onPointerEnter={() => void loadViewOptions()} onFocus={() => void loadViewOptions()}>
      <Settings2Icon aria-hidden />
      {t("common.columns")}
    </Button>
  );
}

/** The "columns" button; the menu behind it is loaded on the first click and opens at once (focus goes into it). */
function ColumnsMenu<T>({ table }: { table: TanTable<T> }) {
  const [wanted, setWanted] = useState(false);
  if (!table.getAllLeafColumns().some((c) => c.getCanHide())) return null;
  return wanted ? <DataTableViewOptions table={table as TanTable<unknown>} defaultOpen /> : <ColumnsButton onClick={() => setWanted(true)} />;
}

function pinStyle<T>(column: Column<T>): CSSProperties | undefined {
  if (column.getIsPinned() !== "left") return undefined;
  return { position: "sticky", left: column.getStart("left"), width: column.getSize(), minWidth: column.getSize(), zIndex: 1 };
}

function isLastPinned<T>(column: Column<T>): boolean {
  return column.getIsPinned() === "left" && column.getIsLastColumn("left");
}

function SortButton<T>({ column, label, sortLabel }: { column: Column<T>; label: ReactNode; sortLabel: string }) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUpIcon : sorted === "desc" ? ArrowDownIcon : ArrowUpDownIcon;
  return (
    <button
      type="button"
      onClick={column.getToggleSortingHandler()}
      title={sortLabel}
      className={cn(
        "-mx-1 inline-flex h-7 items-center gap-1 rounded px-1 outline-none hover:bg-slate-200 focus-visible:ring-[3px] focus-visible:ring-ring/50",
        column.columnDef.meta?.align === "right" && "flex-row-reverse",
      )}
    >
      {label}
      <Icon aria-hidden className={cn("size-3.5", !sorted && "text-slate-400")} />
    </button>
  );
}

/** A react-query result as the table's state: its rows stay shown while a refetch fails. */
export function tableStatus(query: { isPending: boolean; isError: boolean; data?: unknown }): "pending" | "error" | "success" {
  return query.isPending ? "pending" : query.isError && query.data === undefined ? "error" : "success";
}

/** The instance, for a feature's own toolbar (selection, bulk actions). */
export type DataTableInstance<T> = TanTable<T>;
