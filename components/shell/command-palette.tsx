"use client";
import { SearchIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { useI18n } from "@/lib/i18n/client";
import type { ShellEntry } from "./breadcrumbs";

// cmdk and the dialog load on the first open, not with every page (issue #13 §9).
const CommandPaletteDialog = dynamic(() => import("./command-palette-dialog"), { ssr: false });

/**
 * ⌘K / Ctrl+K, or the header's search button, opens the command palette (command-palette-dialog.tsx),
 * whose code is fetched the first time it is opened and kept mounted after that.
 */
export function CommandPalette({ entries }: { entries: ShellEntry[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey) && !e.altKey) {
        e.preventDefault();
        setUsed(true);
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
        aria-keyshortcuts="Control+K Meta+K"
        className="inline-flex h-8 items-center gap-2 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
        data-testid="search-button"
      >
        <SearchIcon aria-hidden className="size-4" />
        <span>{t("shell.search.open")}</span>
        <kbd className="hidden rounded border border-slate-200 bg-slate-50 px-1 font-sans text-xs text-slate-500 lg:inline">Ctrl K</kbd>
      </button>
      {used ? <CommandPaletteDialog entries={entries} open={open} setOpen={setOpen} /> : null}
    </>
  );
}
