"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, type FormEvent } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { DateInput } from "@/components/ui/date-input";
import { FilterField } from "@/components/ui/filter-field";
import { NativeSelect } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { REIMBURSEMENT_STATUSES } from "@/lib/reimbursements/constants";
import { FILTER_KEYS, reimbursementsHref, type ReimbursementsSearch } from "./search";

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** A GET form on /reimbursements (bank, status, proposal days): it keeps the queue and starts at the first page. */
export function ReimbursementsFilters({ search, banks, errors }: { search: ReimbursementsSearch; banks: BankOption[]; errors: FieldErrors }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const headingId = useId();
  const err = (k: string) => (errors[k] ? fieldErrorText(t, errors[k]) : null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: ReimbursementsSearch = {};
    for (const key of FILTER_KEYS) {
      const v = String(data.get(key) ?? "").trim();
      if (v) next[key] = v;
    }
    router.push(reimbursementsHref(next));
  }

  return (
    <form method="get" action="/reimbursements" onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-slate-800">
        {t("reimbursements.filters.legend")}
      </h2>
      {search.queue ? <input type="hidden" name="queue" value={search.queue} /> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {banks.length > 1 ? (
          <FilterField label={t("reimbursements.filters.bank")} error={err("bank")}>
            {(ids) => (
              <NativeSelect id={ids.id} name="bank" defaultValue={search.bank ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.bank ? true : undefined}>
                <option value="">{t("reimbursements.filters.anyBank")}</option>
                {search.bank && !banks.some((b) => b.code === search.bank) ? <option value={search.bank}>{search.bank}</option> : null}
                {banks.map((b) => (
                  <option key={b.code} value={b.code}>
                    {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FilterField>
        ) : null}
        <FilterField label={t("reimbursements.filters.status")} error={err("status")}>
          {(ids) => (
            <NativeSelect id={ids.id} name="status" defaultValue={search.status ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.status ? true : undefined}>
              <option value="">{t("reimbursements.filters.any")}</option>
              {REIMBURSEMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`reimbursements.status.${s}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FilterField>
        <FilterField label={t("reimbursements.filters.from")} error={err("from")}>
          {(ids) => <DateInput id={ids.id} name="from" defaultValue={search.from ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.from ? true : undefined} />}
        </FilterField>
        <FilterField label={t("reimbursements.filters.to")} error={err("to")}>
          {(ids) => <DateInput id={ids.id} name="to" defaultValue={search.to ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.to ? true : undefined} />}
        </FilterField>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{t("reimbursements.filters.apply")}</Button>
        <Link href={reimbursementsHref({ queue: search.queue })} className={buttonVariants({ variant: "outline" })}>
          {t("reimbursements.filters.reset")}
        </Link>
      </div>
    </form>
  );
}
