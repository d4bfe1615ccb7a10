"use client";
import { useEffect, useSyncExternalStore } from "react";

/** What a page says its own crumb is: the page's path and its name (a bank's, in the reader's language). */
type Named = { path: string; label: string };

let named: Named | null = null;
const listeners = new Set<() => void>();

function set(next: Named | null) {
  named = next;
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Gives the breadcrumbs the name of the page it is rendered on (the layout draws the crumbs before
 * the page has loaded what it names): `<CrumbLabel path="/controls/0101" label="みずほ銀行" />`.
 * Renders nothing; the name goes when the page does.
 */
export function CrumbLabel({ path, label }: Named) {
  useEffect(() => {
    set({ path, label });
    return () => set(null);
  }, [path, label]);
  return null;
}

/** The name a page gave for `path`, if it gave one. */
export function useCrumbLabel(path: string): string | null {
  const current = useSyncExternalStore(
    subscribe,
    () => named,
    () => null,
  );
  return current?.path === path ? current.label : null;
}
