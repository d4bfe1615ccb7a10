"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
import { LINK_SORTS, LINK_STATUSES, SORT_ORDERS, VERIFICATIONS } from "@/lib/accounts/constants";
import type { FieldErrors } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { accountsHref, FILTER_KEYS, type AccountsSearch } from "./search";
import { SelectField } from "@/components/ui/select-field";

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/**
 * A GET form on /accounts: without script it reloads the page with the filters in the URL; with
 * script it navigates to the same URL without empty parameters. Any change starts at the first page.
 */
export function AccountsFilters({ search, banks, errors }: { search: AccountsSearch; banks: BankOption[]; errors: FieldErrors }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const headingId = useId();
  const err = (k: string) => (errors[k] ? fieldErrorText(t, errors[k]) : null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: AccountsSearch = {};
    for (const key of FILTER_KEYS) {
      const v = String(data.get(key) ?? "").trim();
      if (v) next[key] = v;
    }
    // The defaults need not clutter the URL.
    if (next.sort === "linked_at") delete next.sort;
    if (next.order === "desc") delete next.order;
    router.push(accountsHref(next));
  }

  return (
    <form method="get" action="/accounts" onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-slate-800">
        {t("accounts.filters.legend")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <Field
            name="q"
            type="search"
            label={t("accounts.filters.search")}
            hint={t("accounts.filters.searchHint")}
            defaultValue={search.q ?? ""}
            maxLength={100}
            error={err("q")}
            autoComplete="off"
          />
        </div>
        <SelectField name="bank" label={t("accounts.filters.bank")} defaultValue={search.bank ?? ""} error={err("bank")}>
          {banks.length > 1 ? <option value="">{t("accounts.filters.anyBank")}</option> : null}
          {search.bank && !banks.some((b) => b.code === search.bank) ? <option value={search.bank}>{search.bank}</option> : null}
          {banks.map((b) => (
            <option key={b.code} value={b.code}>
              {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
            </option>
          ))}
        </SelectField>
        <SelectField name="status" label={t("accounts.filters.status")} defaultValue={search.status ?? ""} error={err("status")}>
          <option value="">{t("accounts.filters.any")}</option>
          {LINK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`accounts.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="verification" label={t("accounts.filters.verification")} defaultValue={search.verification ?? ""} error={err("verification")}>
          <option value="">{t("accounts.filters.any")}</option>
          {VERIFICATIONS.map((v) => (
            <option key={v} value={v}>
              {t(`accounts.verification.${v}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="hasOpenCase" label={t("accounts.filters.hasOpenCase")} defaultValue={search.hasOpenCase ?? ""} error={err("hasOpenCase")}>
          <option value="">{t("accounts.filters.any")}</option>
          <option value="true">{t("accounts.filters.withOpenCase")}</option>
          <option value="false">{t("accounts.filters.withoutOpenCase")}</option>
        </SelectField>
        <Field name="linkedFrom" type="date" label={t("accounts.filters.linkedFrom")} defaultValue={search.linkedFrom ?? ""} error={err("linkedFrom")} />
        <Field name="linkedTo" type="date" label={t("accounts.filters.linkedTo")} defaultValue={search.linkedTo ?? ""} error={err("linkedTo")} />
        <SelectField name="sort" label={t("accounts.filters.sort")} defaultValue={search.sort ?? "linked_at"} error={err("sort")}>
          {LINK_SORTS.map((s) => (
            <option key={s} value={s}>
              {s === "linked_at" ? t("accounts.filters.sortLinkedAt") : t("accounts.filters.sortCharges")}
            </option>
          ))}
        </SelectField>
        <SelectField name="order" label={t("accounts.filters.order")} defaultValue={search.order ?? "desc"} error={err("order")}>
          {SORT_ORDERS.map((o) => (
            <option key={o} value={o}>
              {t(`accounts.filters.${o}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{t("accounts.filters.apply")}</Button>
        <Link
          href="/accounts"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          {t("accounts.filters.reset")}
        </Link>
      </div>
    </form>
  );
}
