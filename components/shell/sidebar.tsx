"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/types";

export function Sidebar({ entries }: { entries: { href: string; label: MessageKey }[] }) {
  const t = useT();
  const path = usePathname();
  return (
    <nav aria-label={t("shell.nav.label")} className="flex flex-col gap-1 p-3">
      {entries.map((e) => {
        const active = path === e.href || path.startsWith(`${e.href}/`);
        return (
          <Link
            key={e.href}
            href={e.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${active ? "bg-brand-700 text-white" : "text-slate-200 hover:bg-slate-800"}`}
          >
            {t(e.label)}
          </Link>
        );
      })}
    </nav>
  );
}
