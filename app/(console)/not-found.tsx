import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { getT } from "@/lib/i18n/server";

/**
 * The console's not-found page, inside the shell and in the user's language: what a page's
 * notFound() shows (an unknown id, a page outside the role) and any console URL no page answers
 * (app/not-found.tsx). Status 404 unless the page had begun streaming.
 */
export default async function NotFound() {
  const t = await getT();
  return (
    <div className="max-w-xl space-y-3" data-testid="not-found">
      <FileQuestion aria-hidden className="size-10 text-slate-400" />
      <h1 className="text-2xl font-bold">{t("common.notFound")}</h1>
      <p className="text-slate-700">{t("common.notFoundBody")}</p>
      <p className="text-sm text-slate-600">{t("shell.notFoundPage.search", { shortcut: "Ctrl+K / ⌘K" })}</p>
      <Link href="/" className="inline-block text-sm font-medium text-brand-700 underline">
        {t("shell.notFoundPage.home")}
      </Link>
    </div>
  );
}
