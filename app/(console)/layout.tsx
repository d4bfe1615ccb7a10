import type { ReactNode } from "react";
import Link from "next/link";
import { connection } from "next/server";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requireStaff } from "@/lib/auth/current";
import { getT } from "@/lib/i18n/server";
import { navFor } from "@/lib/nav";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await connection();
  const actor = await requireStaff();
  const t = await getT();
  const entries = navFor(actor.roles).map(({ href, label }) => ({ href, label }));
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("common.skipToContent")}
      </a>
      <aside className="w-56 shrink-0 bg-slate-900 text-white">
        <Link href="/" className="block px-6 py-4 text-lg font-bold tracking-tight">
          {t("common.appName")}
        </Link>
        <Sidebar entries={entries} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between border-b border-slate-200 bg-white px-6 py-2">
          <p className="text-xs text-slate-600">{t("common.jstNote")}</p>
          <UserMenu actor={actor} />
        </header>
        <main id="main" className="flex-1 px-6 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}
