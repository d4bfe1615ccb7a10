"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
import { useI18n } from "@/lib/i18n/client";
import type { FieldErrors, FieldProblem } from "@/lib/errors";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import type { Translate } from "@/lib/i18n/types";
import { auditHref, FILTER_KEYS, type AuditSearch } from "./search";

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** A refused filter's code, in the reader's language. */
export function filterErrorText(t: Translate, problem: FieldProblem | undefined): string | null {
  return problem ? fieldErrorText(t, problem) : null;
}

/**
 * A GET form on /audit: without script it reloads the page with the filters in the URL; with script
 * it navigates to the same URL without empty parameters. A filter change starts at the newest page.
 */
export function AuditFilters({ search, banks, errors }: { search: AuditSearch; banks: BankOption[]; errors: FieldErrors }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const bankId = useId();
  const headingId = useId();
  const [navigating, startNavigation] = useTransition();
  const err = (k: string) => filterErrorText(t, errors[k]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: AuditSearch = {};
    for (const key of FILTER_KEYS) {
      const v = String(data.get(key) ?? "").trim();
      if (v) next[key] = v;
    }
    startNavigation(() => router.push(auditHref(next)));
  }

  const bankError = err("bank");
  return (
    <form method="get" action="/audit" onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-slate-800">
        {t("audit.filters.legend")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field name="action" label={t("audit.filters.action")} hint={t("audit.filters.actionHint")} defaultValue={search.action ?? ""} maxLength={100} error={err("action")} />
        <Field name="actor" label={t("audit.filters.actor")} hint={t("audit.filters.actorHint")} defaultValue={search.actor ?? ""} maxLength={200} error={err("actor")} />
        <Field name="entityType" label={t("audit.filters.entityType")} defaultValue={search.entityType ?? ""} maxLength={100} error={err("entityType")} />
        <Field name="entityId" label={t("audit.filters.entityId")} defaultValue={search.entityId ?? ""} maxLength={200} error={err("entityId")} />
        <div className="space-y-1">
          <label htmlFor={bankId} className="block text-sm font-medium text-slate-800">
            {t("audit.filters.bank")}
          </label>
          <select
            id={bankId}
            name="bank"
            defaultValue={search.bank ?? ""}
            aria-invalid={bankError ? true : undefined}
            aria-describedby={bankError ? `${bankId}-error` : undefined}
            className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600 ${bankError ? "border-red-600" : "border-slate-300"}`}
          >
            <option value="">{t("audit.filters.anyBank")}</option>
            {search.bank && !banks.some((b) => b.code === search.bank) ? <option value={search.bank}>{search.bank}</option> : null}
            {banks.map((b) => (
              <option key={b.code} value={b.code}>
                {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
              </option>
            ))}
          </select>
          {bankError ? (
            <p id={`${bankId}-error`} className="text-sm text-red-700">
              {bankError}
            </p>
          ) : null}
        </div>
        <Field name="from" type="date" label={t("audit.filters.from")} defaultValue={search.from ?? ""} error={err("from")} />
        <Field name="to" type="date" label={t("audit.filters.to")} defaultValue={search.to ?? ""} error={err("to")} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={navigating}>
          {t("audit.filters.apply")}
        </Button>
        <Link
          href="/audit"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          {t("audit.filters.reset")}
        </Link>
        <span role="status" className="self-center text-sm text-slate-600">
          {navigating ? t("audit.loading") : ""}
        </span>
      </div>
    </form>
  );
}
