"use client";
import type { OnChangeFn, VisibilityState } from "@tanstack/react-table";
import { useCallback, useMemo, useSyncExternalStore } from "react";

const PREFIX = "linkguard.table.";
const EVENT = "linkguard:table-columns";

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

/** Where a choice lives when the browser refuses storage (a policy, a full quota): this tab, until it reloads. */
const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string) {
  memory.set(key, value);
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // kept in memory above
  }
  window.dispatchEvent(new Event(EVENT));
}

/**
 * A table's column visibility, kept per table in localStorage (`linkguard.table.<id>.columns`),
 * so a column someone hid stays hidden on their next visit and in their other tabs. The server and
 * the first render use `initial` (no storage there); the stored choice follows on hydration.
 */
export function useColumnVisibility(tableId: string, initial: VisibilityState = {}): [VisibilityState, OnChangeFn<VisibilityState>] {
  const key = `${PREFIX}${tableId}.columns`;
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const visibility = useMemo<VisibilityState>(() => {
    if (!raw) return initial;
    try {
      const stored = JSON.parse(raw) as unknown;
      if (!stored || typeof stored !== "object" || Array.isArray(stored)) return initial;
      const entries = Object.entries(stored).filter((e): e is [string, boolean] => typeof e[1] === "boolean");
      return { ...initial, ...Object.fromEntries(entries) };
    } catch {
      return initial;
    }
  }, [raw, initial]);
  const setVisibility = useCallback<OnChangeFn<VisibilityState>>(
    (updater) => {
      write(key, JSON.stringify(typeof updater === "function" ? updater(visibility) : updater));
    },
    [key, visibility],
  );
  return [visibility, setVisibility];
}
