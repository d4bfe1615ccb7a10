import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { CommandPalette } from "@/components/shell/command-palette";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requireStaff } from "@/lib/auth/current";
import { getT } from "@/lib/i18n/server";
import { navFor } from "@/lib/nav";
import { SIDEBAR_COOKIE, sidebarPreference } from "@/lib/shell";

/**
 * The console's shell: the sidebar (its state from the cookie, so the first paint is right), a
 * header with the breadcrumbs, the search (⌘K / Ctrl+K) and the user menu, and the page. The page
 * column may not be wider than the window: what is wider (a table) scrolls inside its own box.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await connection();
  const actor = await requireStaff();
  const t = await getT();
  const sidebar = sidebarPreference((await cookies()).get(SIDEBAR_COOKIE)?.value);
  const entries = navFor(actor.roles).map(({ href, label, sub }) => ({ href, label, ...(sub ? { sub } : {}) }));
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("common.skipToContent")}
      </a>
      <Sidebar entries={entries} initial={sidebar} appName={t("common.appName")} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-12 items-center gap-3 border-b border-slate-200 bg-white px-4 lg:px-6">
          <div className="min-w-0 flex-1">
            <Breadcrumbs entries={entries} />
          </div>
          <CommandPalette entries={entries} />
          <p className="hidden text-xs whitespace-nowrap text-slate-600 xl:block">{t("common.jstNote")}</p>
          <UserMenu actor={actor} />
        </header>
        <main id="main" className="min-w-0 flex-1 px-4 py-5 lg:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}
