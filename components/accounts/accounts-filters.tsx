"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, type FormEvent } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { FilterField } from "@/components/ui/filter-field";
import { DateInput } from "@/components/ui/date-input";
import { Input, NativeSelect } from "@/components/ui/input";
import { LINK_STATUSES, VERIFICATIONS } from "@/lib/accounts/constants";
import type { FieldErrors } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { accountsHref, FILTER_KEYS, type AccountsSearch } from "./search";

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/**
 * A GET form on /accounts: without script it reloads the page with the filters in the URL; with
 * script it navigates to the same URL without empty parameters. Any change starts at the first page.
 * The sort is the table's (its headers); the form carries it along unchanged.
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
        <FilterField label={t("accounts.filters.search")} hint={t("accounts.filters.searchHint")} error={err("q")} className="sm:col-span-2">
          {(ids) => <Input id={ids.id} name="q" type="search" defaultValue={search.q ?? ""} maxLength={100} autoComplete="off" aria-describedby={ids.describedBy} aria-invalid={errors.q ? true : undefined} />}
        </FilterField>
        <FilterField label={t("accounts.filters.bank")} error={err("bank")}>
          {(ids) => (
            <NativeSelect id={ids.id} name="bank" defaultValue={search.bank ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.bank ? true : undefined}>
              {banks.length > 1 ? <option value="">{t("accounts.filters.anyBank")}</option> : null}
              {search.bank && !banks.some((b) => b.code === search.bank) ? <option value={search.bank}>{search.bank}</option> : null}
              {banks.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
                </option>
              ))}
            </NativeSelect>
          )}
        </FilterField>
        <FilterField label={t("accounts.filters.status")} error={err("status")}>
          {(ids) => (
            <NativeSelect id={ids.id} name="status" defaultValue={search.status ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.status ? true : undefined}>
              <option value="">{t("accounts.filters.any")}</option>
              {LINK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`accounts.status.${s}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FilterField>
        <FilterField label={t("accounts.filters.verification")} error={err("verification")}>
          {(ids) => (
            <NativeSelect id={ids.id} name="verification" defaultValue={search.verification ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.verification ? true : undefined}>
              <option value="">{t("accounts.filters.any")}</option>
              {VERIFICATIONS.map((v) => (
                <option key={v} value={v}>
                  {t(`accounts.verification.${v}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FilterField>
        <FilterField label={t("accounts.filters.hasOpenCase")} error={err("hasOpenCase")}>
          {(ids) => (
            <NativeSelect id={ids.id} name="hasOpenCase" defaultValue={search.hasOpenCase ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.hasOpenCase ? true : undefined}>
              <option value="">{t("accounts.filters.any")}</option>
              <option value="true">{t("accounts.filters.withOpenCase")}</option>
              <option value="false">{t("accounts.filters.withoutOpenCase")}</option>
            </NativeSelect>
          )}
        </FilterField>
        <FilterField label={t("accounts.filters.linkedFrom")} error={err("linkedFrom")}>
          {(ids) => <DateInput id={ids.id} name="linkedFrom" defaultValue={search.linkedFrom ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.linkedFrom ? true : undefined} />}
        </FilterField>
        <FilterField label={t("accounts.filters.linkedTo")} error={err("linkedTo")}>
          {(ids) => <DateInput id={ids.id} name="linkedTo" defaultValue={search.linkedTo ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.linkedTo ? true : undefined} />}
        </FilterField>
      </div>
      {search.sort ? <input type="hidden" name="sort" value={search.sort} /> : null}
      {search.order ? <input type="hidden" name="order" value={search.order} /> : null}
      {errors.sort || errors.order ? <p className="text-sm text-destructive">{err("sort") ?? err("order")}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{t("accounts.filters.apply")}</Button>
        <Link href="/accounts" className={buttonVariants({ variant: "outline" })}>
          {t("accounts.filters.reset")}
        </Link>
      </div>
    </form>
  );
}
