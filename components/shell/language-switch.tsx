"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useI18n } from "@/lib/i18n/client";
import { setLocaleAction } from "@/lib/i18n/actions";
import { LOCALES, type Locale } from "@/lib/i18n/types";

const NAMES: Record<Locale, string> = { ja: "日本語", en: "English" };

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function choose(next: Locale) {
    startTransition(async () => {
      await setLocaleAction(next);
      router.refresh();
    });
  }
  return (
    <label className="text-xs text-slate-700">
      <span className="sr-only">{t("shell.language")}</span>
      <select
        aria-label={t("shell.language")}
        value={locale}
        disabled={pending}
        onChange={(e) => choose(e.target.value as Locale)}
        className="rounded border border-slate-300 bg-white px-1 py-1 text-xs"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
