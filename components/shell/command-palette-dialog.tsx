"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Building2, FileText, FolderOpen, Link2, LoaderCircle, Siren, Wallet } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Command, CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { apiJson } from "@/lib/api-client";
import { useI18n } from "@/lib/i18n/client";
import { incidentTitle } from "@/lib/incidents/title";
import type { SearchResult } from "@/lib/search/schemas";
import type { ShellEntry } from "./breadcrumbs";

const DEBOUNCE_MS = 200;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Case, width and spaces do not count when the pages are matched here. */
function fold(s: string): string {
  return s.normalize("NFKC").replace(/\s/g, "").toLowerCase();
}

interface Item {
  /** Unique in the list: where it goes. */
  href: string;
  label: string;
  detail?: string;
}

/**
 * The command palette's dialog (command-palette.tsx opens it, and loads this module on first use so
 * cmdk is not in every page's first load): finds incidents and cases by reference, wallets, e-mails, links and banks on the server
 * (GET /api/v1/search, 200 ms after the last key, the previous results kept while the next are
 * fetched) and the pages of the sidebar here. The server ranks, so cmdk does not filter; the first
 * item is chosen again whenever the results change (cmdk #250).
 */
export default function CommandPaletteDialog({ entries, open, setOpen }: { entries: ShellEntry[]; open: boolean; setOpen: (open: boolean) => void }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState("");
  const term = useDebounced(q.trim(), DEBOUNCE_MS);

  const search = useQuery({
    queryKey: ["search", term],
    queryFn: ({ signal }) => apiJson<SearchResult>(`/api/v1/search?${new URLSearchParams({ q: term })}`, { signal }),
    enabled: open && term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });

  const pages: Item[] = useMemo(() => {
    const all = [{ href: "/", label: t("shell.nav.home") }, ...entries.map((e) => ({ href: e.href, label: t(e.label) }))];
    const key = fold(q);
    return key ? all.filter((p) => fold(p.label).includes(key) || p.href.includes(key)) : all;
  }, [entries, q, t]);

  const found = term.length > 0 ? search.data : undefined;
  const name = (b: { bankNameJa: string; bankNameEn: string }) => (locale === "ja" ? b.bankNameJa : b.bankNameEn);
  const groups: { key: string; heading: string; icon: typeof Wallet; items: Item[] }[] = [
    {
      key: "incidents",
      heading: t("shell.search.groups.incidents"),
      icon: Siren,
      items: (found?.incidents ?? []).map((i) => ({ href: `/incidents/${encodeURIComponent(i.reference)}`, label: i.reference, detail: incidentTitle(i.title, locale) })),
    },
    {
      key: "cases",
      heading: t("shell.search.groups.cases"),
      icon: FolderOpen,
      items: (found?.cases ?? []).map((c) => ({ href: `/cases/${encodeURIComponent(c.reference)}`, label: c.reference, detail: `${name(c)} (${c.bankCode})` })),
    },
    {
      key: "wallets",
      heading: t("shell.search.groups.wallets"),
      icon: Wallet,
      items: (found?.wallets ?? []).map((w) => ({
        href: `/accounts?${new URLSearchParams({ q: w.id })}`,
        label: w.email,
        detail: `${w.id} · ${t("shell.search.walletLinks", { count: w.links })}`,
      })),
    },
    {
      key: "links",
      heading: t("shell.search.groups.links"),
      icon: Link2,
      items: (found?.links ?? []).map((l) => ({
        href: `/accounts/${l.id}`,
        label: `${l.holderName} · ${l.accountNumberMasked}`,
        detail: `${name(l)} (${l.bankCode}) · ${l.email}`,
      })),
    },
    {
      key: "banks",
      heading: t("shell.search.groups.banks"),
      icon: Building2,
      items: (found?.banks ?? []).map((b) => ({
        href: `/controls/${b.code}`,
        label: `${locale === "ja" ? b.nameJa : b.nameEn} (${b.code})`,
        detail: t("shell.search.bankControls"),
      })),
    },
    { key: "pages", heading: t("shell.search.groups.pages"), icon: FileText, items: pages },
  ];
  const visible = groups.filter((g) => g.items.length > 0);
  const firstHref = visible[0]?.items[0]?.href ?? "";

  // With filtering off, cmdk keeps its old choice when the items change: choose the first again
  // (set while rendering, React's way of adjusting state to a changed input).
  const [firstSeen, setFirstSeen] = useState(firstHref);
  if (firstSeen !== firstHref) {
    setFirstSeen(firstHref);
    setSelected(firstHref);
  }

  function go(href: string) {
    setOpen(false);
    setQ("");
    router.push(href);
  }

  const busy = term.length > 0 && search.isFetching;
  return (
    <CommandDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setQ("");
      }}
      title={t("shell.search.title")}
      description={t("shell.search.description")}
    >
      <Command shouldFilter={false} value={selected} onValueChange={setSelected} label={t("shell.search.title")}>
        <CommandInput value={q} onValueChange={setQ} placeholder={t("shell.search.placeholder")} aria-label={t("shell.search.placeholder")}>
          {busy ? <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin text-slate-500" /> : null}
        </CommandInput>
        <p className="sr-only" aria-live="polite">
          {busy ? t("shell.search.searching") : ""}
        </p>
        <CommandList>
          {search.isError && term.length > 0 ? (
            <p role="alert" className="px-3 py-2 text-sm text-red-700">
              {t("shell.search.failed")}
            </p>
          ) : null}
          <CommandEmpty>{busy ? t("shell.search.searching") : /^[\x21-\x7e]{1,2}$/.test(term) ? t("shell.search.tooShort") : t("shell.search.empty")}</CommandEmpty>
          {visible.map((g) => (
            <CommandGroup key={g.key} heading={g.heading}>
              {g.items.map((item) => (
                <CommandItem key={item.href} value={item.href} onSelect={() => go(item.href)}>
                  <g.icon aria-hidden />
                  <span className="min-w-0 flex-1 truncate">{item.label}</span>
                  {item.detail ? <span className="max-w-[50%] truncate text-xs text-muted-foreground">{item.detail}</span> : null}
                </CommandItem>
              ))}
            </CommandGroup>
          ))}
        </CommandList>
      </Command>
    </CommandDialog>
  );
}
