"use client";
import { DateInput } from "@/components/ui/date-input";
import { FilterField } from "@/components/ui/filter-field";
import { FilterForm, SelectFilter, useBankOptions, useFilterError, type BankOption } from "@/components/ui/filter-form";
import type { FieldErrors } from "@/lib/errors";
import { useT } from "@/lib/i18n/client";
import { REIMBURSEMENT_STATUSES } from "@/lib/reimbursements/constants";
import { FILTER_KEYS, reimbursementsHref, type ReimbursementsSearch } from "./search";

export type { BankOption };

/** The filters of /reimbursements (bank, status, proposal days) on the console's one filter bar: it keeps the queue and starts at the first page. */
export function ReimbursementsFilters({ search, banks, errors }: { search: ReimbursementsSearch; banks: BankOption[]; errors: FieldErrors }) {
  const t = useT();
  const err = useFilterError(errors);
  const bankOptions = useBankOptions(banks);
  return (
    <FilterForm
      action="/reimbursements"
      title={t("reimbursements.filters.legend")}
      keys={FILTER_KEYS}
      hrefOf={reimbursementsHref}
      hidden={{ queue: search.queue }}
      resetHref={reimbursementsHref({ queue: search.queue })}
      applyLabel={t("reimbursements.filters.apply")}
      resetLabel={t("reimbursements.filters.reset")}
    >
      {banks.length > 1 ? <SelectFilter name="bank" label={t("reimbursements.filters.bank")} value={search.bank} anyLabel={t("reimbursements.filters.anyBank")} options={bankOptions} errors={errors} /> : null}
      <SelectFilter name="status" label={t("reimbursements.filters.status")} value={search.status} anyLabel={t("reimbursements.filters.any")} options={REIMBURSEMENT_STATUSES.map((s) => ({ value: s, label: t(`reimbursements.status.${s}`) }))} errors={errors} />
      <FilterField label={t("reimbursements.filters.from")} error={err("from")}>
        {(ids) => <DateInput id={ids.id} name="from" defaultValue={search.from ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.from ? true : undefined} />}
      </FilterField>
      <FilterField label={t("reimbursements.filters.to")} error={err("to")}>
        {(ids) => <DateInput id={ids.id} name="to" defaultValue={search.to ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.to ? true : undefined} />}
      </FilterField>
    </FilterForm>
  );
}
