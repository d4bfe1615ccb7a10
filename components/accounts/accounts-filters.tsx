"use client";
import { DateInput } from "@/components/ui/date-input";
import { FilterField } from "@/components/ui/filter-field";
import { FilterForm, SelectFilter, useBankOptions, useFilterError, type BankOption } from "@/components/ui/filter-form";
import { Input } from "@/components/ui/input";
import { LINK_STATUSES, VERIFICATIONS } from "@/lib/accounts/constants";
import type { FieldErrors } from "@/lib/errors";
import { useT } from "@/lib/i18n/client";
import { accountsHref, FILTER_KEYS, type AccountsSearch } from "./search";

export type { BankOption };

/**
 * The filters of /accounts on the console's one filter bar (components/ui/filter-form.tsx). The sort
 * is the table's (its headers); the form carries it along unchanged, the defaults left out of the URL.
 */
export function AccountsFilters({ search, banks, errors }: { search: AccountsSearch; banks: BankOption[]; errors: FieldErrors }) {
  const t = useT();
  const err = useFilterError(errors);
  const bankOptions = useBankOptions(banks);
  return (
    <FilterForm
      action="/accounts"
      title={t("accounts.filters.legend")}
      keys={FILTER_KEYS}
      hrefOf={accountsHref}
      normalize={(next) => {
        // The defaults need not clutter the URL.
        if (next.sort === "linked_at") delete next.sort;
        if (next.order === "desc") delete next.order;
      }}
      hidden={{ sort: search.sort, order: search.order }}
      resetHref="/accounts"
      applyLabel={t("accounts.filters.apply")}
      resetLabel={t("accounts.filters.reset")}
      after={errors.sort || errors.order ? <p className="text-sm text-destructive">{err("sort") ?? err("order")}</p> : null}
    >
      <FilterField label={t("accounts.filters.search")} hint={t("accounts.filters.searchHint")} error={err("q")} className="sm:col-span-2">
        {(ids) => <Input id={ids.id} name="q" type="search" defaultValue={search.q ?? ""} maxLength={100} autoComplete="off" aria-describedby={ids.describedBy} aria-invalid={errors.q ? true : undefined} />}
      </FilterField>
      <SelectFilter name="bank" label={t("accounts.filters.bank")} value={search.bank} anyLabel={banks.length > 1 ? t("accounts.filters.anyBank") : undefined} options={bankOptions} errors={errors} />
      <SelectFilter name="status" label={t("accounts.filters.status")} value={search.status} anyLabel={t("accounts.filters.any")} options={LINK_STATUSES.map((s) => ({ value: s, label: t(`accounts.status.${s}`) }))} errors={errors} />
      <SelectFilter
        name="verification"
        label={t("accounts.filters.verification")}
        value={search.verification}
        anyLabel={t("accounts.filters.any")}
        options={VERIFICATIONS.map((v) => ({ value: v, label: t(`accounts.verification.${v}`) }))}
        errors={errors}
      />
      <SelectFilter
        name="hasOpenCase"
        label={t("accounts.filters.hasOpenCase")}
        value={search.hasOpenCase}
        anyLabel={t("accounts.filters.any")}
        options={[
          { value: "true", label: t("accounts.filters.withOpenCase") },
          { value: "false", label: t("accounts.filters.withoutOpenCase") },
        ]}
        errors={errors}
      />
      <FilterField label={t("accounts.filters.linkedFrom")} error={err("linkedFrom")}>
        {(ids) => <DateInput id={ids.id} name="linkedFrom" defaultValue={search.linkedFrom ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.linkedFrom ? true : undefined} />}
      </FilterField>
      <FilterField label={t("accounts.filters.linkedTo")} error={err("linkedTo")}>
        {(ids) => <DateInput id={ids.id} name="linkedTo" defaultValue={search.linkedTo ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.linkedTo ? true : undefined} />}
      </FilterField>
    </FilterForm>
  );
}
