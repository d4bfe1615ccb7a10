import Link from "next/link";
import type { ReactNode } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { ALL_STATUSES, ASSIGNEE_ME, ASSIGNEE_NONE, CASE_OUTCOMES, CASE_SEVERITIES, CASE_STATUSES, SEARCH_MAX } from "@/lib/cases/constants";
import type { Locale, Translate } from "@/lib/i18n/types";
import { PAGE_SIZES, type QueueSearch } from "./search";
import type { QueueChoices } from "./types";

/** One filter: its label, control (given its id and what describes it), hint and the refusal under it. */
function Filter({ name, label, hint, error, className, children }: { name: string; label: string; hint?: string; error?: string; className?: string; children: (id: string, describedBy: string | undefined, invalid: true | undefined) => ReactNode }) {
  const id = `queue-filter-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Field data-invalid={error ? true : undefined} className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children(id, describedBy, error ? true : undefined)}
      {hint ? <FieldDescription id={`${id}-hint`}>{hint}</FieldDescription> : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}

/**
 * The queue's filters: a plain GET form on /cases, rendered on the server (no script of its own).
 * Submitting loads the page with the filters in the URL; the page drops the empty ones and any
 * cursor (a change starts at the first page). The sort is the table's (its headers); the form
 * carries it along. Refused values are said under their field, worded on the server from the
 * codes. A bank's staff get no bank filter: their queue is their bank's.
 */
export function QueueFilters({ search, choices, errors, t, locale }: { search: QueueSearch; choices: QueueChoices; errors: Record<string, string>; t: Translate; locale: Locale }) {
  /** A value the URL carries that the list does not offer (a comma list, a person out of the list) stays chosen. */
  const extra = (value: string | undefined, known: readonly string[]) => (value && !known.includes(value) ? <option value={value}>{value}</option> : null);
  const select = (name: keyof QueueSearch, label: string, options: ReactNode, hint?: string, fallback = "") => (
    <Filter name={name} label={label} hint={hint} error={errors[name]}>
      {(id, describedBy, invalid) => (
        <NativeSelect id={id} name={name} defaultValue={search[name] ?? fallback} aria-describedby={describedBy} aria-invalid={invalid}>
          {options}
        </NativeSelect>
      )}
    </Filter>
  );
  const text = (name: keyof QueueSearch, label: string, props: { hint?: string; maxLength: number; inputMode?: "numeric"; type?: "search"; className?: string }) => (
    <Filter name={name} label={label} hint={props.hint} error={errors[name]} className={props.className}>
      {(id, describedBy, invalid) => (
        <Input id={id} name={name} type={props.type} inputMode={props.inputMode} defaultValue={search[name] ?? ""} maxLength={props.maxLength} autoComplete="off" aria-describedby={describedBy} aria-invalid={invalid} />
      )}
    </Filter>
  );
  const any = <option value="">{t("cases.queue.filters.any")}</option>;
  return (
    <form method="get" action="/cases" aria-labelledby="queue-filters-title" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" data-testid="queue-filters">
      <h2 id="queue-filters-title" className="text-sm font-semibold text-slate-800">
        {t("cases.queue.filters.legend")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-6">
        {text("q", t("cases.queue.filters.search"), { hint: t("cases.queue.filters.searchHint"), maxLength: SEARCH_MAX, type: "search", className: "sm:col-span-2" })}
        {select(
          "status",
          t("cases.queue.filters.status"),
          <>
            <option value="">{t("cases.queue.filters.openStatuses")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
            <option value={ALL_STATUSES}>{t("cases.queue.filters.allStatuses")}</option>
            {extra(search.status, [...CASE_STATUSES, ALL_STATUSES])}
          </>,
        )}
        {select(
          "outcome",
          t("cases.queue.filters.outcome"),
          <>
            {any}
            {CASE_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`cases.outcome.${o}`)}
              </option>
            ))}
            {extra(search.outcome, CASE_OUTCOMES)}
          </>,
        )}
        {select(
          "severity",
          t("cases.queue.filters.severity"),
          <>
            {any}
            {CASE_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.severity.${s}`)}
              </option>
            ))}
            {extra(search.severity, CASE_SEVERITIES)}
          </>,
        )}
        {choices.banks.length > 0
          ? select(
              "bank",
              t("cases.queue.filters.bank"),
              <>
                <option value="">{t("cases.queue.filters.anyBank")}</option>
                {extra(
                  search.bank,
                  choices.banks.map((b) => b.code),
                )}
                {choices.banks.map((b) => (
                  <option key={b.code} value={b.code}>
                    {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
                  </option>
                ))}
              </>,
            )
          : null}
        {select(
          "assignee",
          t("cases.queue.filters.assignee"),
          <>
            {any}
            <option value={ASSIGNEE_ME}>{t("cases.queue.filters.me")}</option>
            <option value={ASSIGNEE_NONE}>{t("cases.queue.filters.unassigned")}</option>
            {choices.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.org === "carrier" ? p.name : `${p.name} (${p.org})`}
              </option>
            ))}
            {extra(search.assignee, [ASSIGNEE_ME, ASSIGNEE_NONE, ...choices.people.map((p) => p.id)])}
          </>,
        )}
        {select(
          "sla",
          t("cases.queue.filters.sla"),
          <>
            {any}
            <option value="overdue">{t("cases.queue.filters.overdue")}</option>
            <option value="due_24h">{t("cases.queue.filters.due24h")}</option>
            {extra(search.sla, ["overdue", "due_24h"])}
          </>,
        )}
        {text("incident", t("cases.queue.filters.incident"), { hint: t("cases.queue.filters.incidentHint"), maxLength: 100 })}
        {text("lossMin", t("cases.queue.filters.lossMin"), { maxLength: 13, inputMode: "numeric" })}
        {text("lossMax", t("cases.queue.filters.lossMax"), { maxLength: 13, inputMode: "numeric" })}
        {select(
          "snoozed",
          t("cases.queue.filters.snoozed"),
          <>
            <option value="">{t("cases.queue.filters.snoozedHidden")}</option>
            <option value="include">{t("cases.queue.filters.snoozedInclude")}</option>
            <option value="only">{t("cases.queue.filters.snoozedOnly")}</option>
            {extra(search.snoozed, ["include", "only"])}
          </>,
        )}
        {select(
          "limit",
          t("cases.queue.filters.pageSize"),
          <>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
            {extra(search.limit, PAGE_SIZES)}
          </>,
          undefined,
          PAGE_SIZES[0],
        )}
      </div>
      {search.sort ? <input type="hidden" name="sort" value={search.sort} /> : null}
      {search.order ? <input type="hidden" name="order" value={search.order} /> : null}
      {errors.sort || errors.order ? <p className="text-sm text-destructive">{errors.sort ?? errors.order}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{t("cases.queue.filters.apply")}</Button>
        <Link href="/cases" className={buttonVariants({ variant: "outline" })}>
          {t("cases.queue.filters.reset")}
        </Link>
      </div>
    </form>
  );
}
