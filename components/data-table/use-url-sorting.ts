"use client";
import type { SortingState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * Server sorting kept in the URL (`?sort=charges_7d&order=asc`, the list APIs' own parameters):
 * the table's SortingState read from the URL and written back to it. A new sort drops `cursor`,
 * since a page cursor belongs to one sort. Columns name their API value in `meta.sortParam`; the
 * state's id is that value.
 */
export function useUrlSorting({ defaultSort, defaultOrder = "desc", sortKey = "sort", orderKey = "order" }: { defaultSort: string; defaultOrder?: "asc" | "desc"; sortKey?: string; orderKey?: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const sort = params.get(sortKey) || defaultSort;
  const order = params.get(orderKey) === "asc" ? "asc" : params.get(orderKey) === "desc" ? "desc" : defaultOrder;
  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: order === "desc" }], [sort, order]);
  const setSorting = useCallback(
    (next: SortingState) => {
      const p = new URLSearchParams(params.toString());
      const first = next[0];
      p.delete("cursor");
      if (!first || (first.id === defaultSort && first.desc === (defaultOrder === "desc"))) {
        p.delete(sortKey);
        p.delete(orderKey);
      } else {
        p.set(sortKey, first.id);
        p.set(orderKey, first.desc ? "desc" : "asc");
      }
      const qs = p.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, router, pathname, defaultSort, defaultOrder, sortKey, orderKey],
  );
  return { sorting, setSorting };
}

/** The current URL with another `cursor` (null: the first page), for the pagination links. */
export function useCursorHref() {
  const params = useSearchParams();
  const pathname = usePathname();
  return useCallback(
    (cursor: string | null) => {
      const p = new URLSearchParams(params.toString());
      if (cursor) p.set("cursor", cursor);
      else p.delete("cursor");
      const qs = p.toString();
      return qs ? `${pathname}?${qs}` : pathname;
    },
    [params, pathname],
  );
}
