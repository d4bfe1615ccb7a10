"use client";
import { useQuery } from "@tanstack/react-query";
import { apiJson } from "./api";
import type { ControlsResponse } from "./types";

/**
 * The board's data, shared by the board and a bank's page (one query key, refreshed every 30 s).
 * Its own module, so a bank's page does not load the board (matrix, filters, row menus) with it.
 */
export function useControlsBoard(initialData?: ControlsResponse) {
  return useQuery({
    queryKey: ["controls", "board"],
    queryFn: () => apiJson<ControlsResponse>("/api/v1/controls"),
    initialData,
    refetchInterval: 30_000,
  });
}
