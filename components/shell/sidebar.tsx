"use client";
import { ChartLine, FolderSearch, HandCoins, Radar, Link2, PanelLeftClose, PanelLeftOpen, ScrollText, ShieldBan, ShieldCheck, UsersRound, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { useT } from "@/lib/i18n/client";
import { SIDEBAR_COOKIE, SIDEBAR_NARROW_QUERY, type SidebarPreference } from "@/lib/shell";
import type { ShellEntry } from "./breadcrumbs";

const ICONS: Record<string, LucideIcon> = {
  "/accounts": Link2,
  "/controls": ShieldBan,
  "/cases": FolderSearch,
  "/cases/rules": Radar,
  "/reimbursements": HandCoins,
  "/analytics": ChartLine,
  "/audit": ScrollText,
  "/admin": UsersRound,
};

function subscribeNarrow(onChange: () => void) {
  const mq = window.matchMedia(SIDEBAR_NARROW_QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/** True below the width where the sidebar collapses by itself (false on the server). */
function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(SIDEBAR_NARROW_QUERY).matches,
    () => false,
  );
}

/**
 * A tooltip with the entry's name beside its icon, only while the sidebar shows icons alone: on
 * hover or focus, placed by the entry's box (fixed, so the scrolling nav does not clip it). Not
 * Radix's Tooltip: its popper would weigh on every page's first load (issue #13 §9) for a label.
 */
function RailTip({ rail, label, children }: { rail: boolean; label: string; children: ReactNode }) {
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const show = (e: { currentTarget: HTMLElement }) => {
    const box = e.currentTarget.getBoundingClientRect();
    setAt({ top: box.top + box.height / 2, left: box.right + 8 });
  };
  const hide = () => setAt(null);
  return (
    <div onMouseEnter={show} onMouseLeave={hide} onFocus={show} onBlur={hide} onKeyDown={(e) => (e.key === "Escape" ? hide() : undefined)}>
      {children}
      {rail && at ? (
        <span role="tooltip" style={{ top: at.top, left: at.left }} className="pointer-events-none fixed z-50 -translate-y-1/2 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs whitespace-nowrap text-white shadow ring-1 ring-white/20">
          {label}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The console's sidebar: icons and names, or icons alone (a rail) with their names in tooltips.
 * The choice is kept in a cookie the layout reads, so the first paint is right; without a choice it
 * is a rail below 1100 px (CSS, lib/shell.ts). The toggle button, or Ctrl+B / ⌘B, switches it.
 * Every entry is a link with its name (hidden visually on the rail), reached by Tab.
 */
export function Sidebar({ entries, initial, appName }: { entries: ShellEntry[]; initial: SidebarPreference; appName: string }) {
  const t = useT();
  const path = usePathname();
  const narrow = useNarrow();
  const [pref, setPref] = useState<SidebarPreference>(initial);
  const rail = pref === "collapsed" || (pref === "auto" && narrow);

  const toggle = useCallback(() => {
    const next = rail ? "expanded" : "collapsed";
    document.cookie = `${SIDEBAR_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    setPref(next);
  }, [rail]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "b" && (e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        toggle();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [toggle]);

  const activeHref = entries
    .filter((e) => path === e.href || path.startsWith(`${e.href}/`))
    .reduce<string | undefined>((deepest, e) => (!deepest || e.href.length > deepest.length ? e.href : deepest), undefined);
  const toggleLabel = rail ? t("shell.sidebar.expand") : t("shell.sidebar.collapse");
  return (
      <aside data-sidebar={pref} data-testid="sidebar" className="sticky top-0 flex h-screen w-56 shrink-0 flex-col bg-slate-900 text-white transition-[width] rail:w-14">
        <RailTip rail={rail} label={appName}>
          <Link href="/" className="flex h-12 items-center gap-2 px-4 text-lg font-bold tracking-tight focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-white rail:justify-center rail:px-0">
            <ShieldCheck aria-hidden className="size-6 shrink-0 text-sky-300" />
            <span className="truncate rail:sr-only">{appName}</span>
          </Link>
        </RailTip>
        <nav aria-label={t("shell.nav.label")} className="flex flex-1 flex-col gap-0.5 overflow-y-auto p-2">
          {entries.map((e) => {
            // The deepest entry the path is under: on /cases/rules, the rules and not the cases.
            const active = e.href === activeHref;
            const Icon = ICONS[e.href] ?? ScrollText;
            const label = t(e.label);
            return (
              <RailTip key={e.href} rail={rail} label={label}>
                <Link
                  href={e.href}
                  aria-current={active ? "page" : undefined}
                  className={`flex h-9 items-center gap-3 rounded-md ${e.sub ? "pl-7 text-xs" : "text-sm"} px-2.5 font-medium focus-visible:outline-2 focus-visible:outline-white rail:justify-center rail:px-0 ${active ? "bg-brand-700 text-white" : "text-slate-200 hover:bg-slate-800"}`}
                >
                  <Icon aria-hidden className="size-4.5 shrink-0" />
                  <span className="truncate rail:sr-only">{label}</span>
                </Link>
              </RailTip>
            );
          })}
        </nav>
        <div className="border-t border-slate-800 p-2">
          <RailTip rail={rail} label={toggleLabel}>
            <button
              type="button"
              onClick={toggle}
              aria-keyshortcuts="Control+B Meta+B"
              data-testid="sidebar-toggle"
              className="flex h-9 w-full items-center gap-3 rounded-md px-2.5 text-sm text-slate-300 hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-white rail:justify-center rail:px-0"
            >
              {rail ? <PanelLeftOpen aria-hidden className="size-4.5 shrink-0" /> : <PanelLeftClose aria-hidden className="size-4.5 shrink-0" />}
              <span className="truncate rail:sr-only">{toggleLabel}</span>
            </button>
          </RailTip>
        </div>
      </aside>
  );
}
