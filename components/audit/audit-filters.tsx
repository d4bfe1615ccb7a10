"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ChevronDown, ChevronUp } from "lucide-react";
import { useId, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { DateInput } from "@/components/ui/date-input";
import { FilterField, type FilterIds } from "@/components/ui/filter-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { actionsOf, AUDIT_ACTION_GROUP_NAMES, AUDIT_ENTITY_TYPES, groupPrefix, KNOWN_AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actionLabel, groupLabel } from "@/lib/audit/describe";
import type { FieldErrors, FieldProblem } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import type { Translate } from "@/lib/i18n/types";
import { auditHref, FILTER_KEYS, type AuditSearch } from "./search";

/** The action filter's choices: every action, and every group's prefix. */
const KNOWN_FILTERS = new Set<string>([...KNOWN_AUDIT_ACTIONS, ...AUDIT_ACTION_GROUP_NAMES.map(groupPrefix)]);

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** A refused filter's code, in the reader's language. */
export function filterErrorText(t: Translate, problem: FieldProblem | undefined): string | null {
  return problem ? fieldErrorText(t, problem) : null;
}

/** A filter chosen from a list (a native select: keyboard, screen readers and the page's weight for free); the empty choice clears it. */
function ChoiceFilter({ name, defaultValue, anyLabel, ids, invalid, children }: { name: string; defaultValue: string; anyLabel: string; ids: FilterIds; invalid: boolean; children: ReactNode }) {
  return (
    <NativeSelect id={ids.id} name={name} defaultValue={defaultValue} aria-describedby={ids.describedBy} aria-invalid={invalid || undefined} className="h-8">
      <option value="">{anyLabel}</option>
      {children}
    </NativeSelect>
  );
}

/**
 * A GET form on /audit, one compact bar over the table: the filters go in the URL (without empty
 * parameters), so a view can be shared; a filter change starts at the newest page. The action and
 * the subject's kind are chosen from the lists of known ones, grouped (a group of actions by its
 * prefix). The subject's kind and id are one click further ("More filters"), open when either is
 * set or refused. Dates are typed yyyy/mm/dd (DateInput). Native selects, not Radix's: the same
 * keyboard and screen-reader behaviour without ~15 kB of positioning code.
 */
export function AuditFilters({ search, banks, errors }: { search: AuditSearch; banks: BankOption[]; errors: FieldErrors }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const headingId = useId();
  const [navigating, startNavigation] = useTransition();
  const action = search.action ?? "";
  const entityType = search.entityType ?? "";
  const bank = search.bank ?? "";
  const err = (k: string) => filterErrorText(t, errors[k]);
  const [more, setMore] = useState(Boolean(search.entityType || search.entityId || errors.entityType || errors.entityId));

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

  const small = "h-8";
  return (
    <form method="get" action="/audit" onSubmit={onSubmit} aria-labelledby={headingId} className="rounded-md border bg-background px-3 py-2">
      <h2 id={headingId} className="sr-only">
        {t("audit.filters.legend")}
      </h2>
      <div className="flex flex-wrap items-start gap-x-2 gap-y-1 [&_[data-slot=field-label]]:text-xs [&_[data-slot=field]]:gap-1">
        <FilterField label={t("audit.filters.action")} hint={t("audit.filters.actionHint")} error={err("action")} className="w-52" hintClassName="sr-only">
          {(ids) => (
            <ChoiceFilter name="action" defaultValue={action} anyLabel={t("audit.filters.anyAction")} ids={ids} invalid={!!errors.action}>
              {action && !KNOWN_FILTERS.has(action) ? <option value={action}>{t("audit.filters.otherAction", { prefix: action })}</option> : null}
              {AUDIT_ACTION_GROUP_NAMES.map((g) => (
                <optgroup key={g} label={groupLabel(t, g)}>
                  <option value={groupPrefix(g)}>{t("audit.filters.allOfGroup", { group: groupLabel(t, g) })}</option>
                  {actionsOf(g).map((a) => (
                    <option key={a} value={a}>
                      {actionLabel(t, a)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </ChoiceFilter>
          )}
        </FilterField>
        <FilterField label={t("audit.filters.actor")} hint={t("audit.filters.actorHint")} error={err("actor")} className="w-36" hintClassName="sr-only">
          {(ids) => (
            <Input id={ids.id} name="actor" defaultValue={search.actor ?? ""} maxLength={200} title={t("audit.filters.actorHint")} aria-describedby={ids.describedBy} aria-invalid={errors.actor ? true : undefined} className={small} />
          )}
        </FilterField>
        <FilterField label={t("audit.filters.bank")} error={err("bank")} className="w-40">
          {(ids) => (
            <ChoiceFilter name="bank" defaultValue={bank} anyLabel={t("audit.filters.anyBank")} ids={ids} invalid={!!errors.bank}>
              {bank && !banks.some((b) => b.code === bank) ? <option value={bank}>{bank}</option> : null}
              {banks.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.code} {locale === "ja" ? b.nameJa : b.nameEn}
                </option>
              ))}
            </ChoiceFilter>
          )}
        </FilterField>
        <FilterField label={t("audit.filters.from")} error={err("from")} className="w-32">
          {(ids) => <DateInput id={ids.id} name="from" defaultValue={search.from ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.from ? true : undefined} className={small} />}
        </FilterField>
        <FilterField label={t("audit.filters.to")} error={err("to")} className="w-32">
          {(ids) => <DateInput id={ids.id} name="to" defaultValue={search.to ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.to ? true : undefined} className={small} />}
        </FilterField>
        {more ? (
          <>
            <FilterField label={t("audit.filters.entityType")} error={err("entityType")} className="w-40">
              {(ids) => (
                <ChoiceFilter name="entityType" defaultValue={entityType} anyLabel={t("audit.filters.anyEntityType")} ids={ids} invalid={!!errors.entityType}>
                  {entityType && !(AUDIT_ENTITY_TYPES as readonly string[]).includes(entityType) ? <option value={entityType}>{entityType}</option> : null}
                  {AUDIT_ENTITY_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`audit.entity.${type}`)}
                    </option>
                  ))}
                </ChoiceFilter>
              )}
            </FilterField>
            <FilterField label={t("audit.filters.entityId")} error={err("entityId")} className="w-40">
              {(ids) => <Input id={ids.id} name="entityId" defaultValue={search.entityId ?? ""} maxLength={200} aria-describedby={ids.describedBy} aria-invalid={errors.entityId ? true : undefined} className={small} />}
            </FilterField>
          </>
        ) : null}
        <div className="flex items-center gap-2 self-start pt-5">
          <Button type="submit" size="sm" disabled={navigating}>
            {t("audit.filters.apply")}
          </Button>
          <Link href="/audit" className={buttonVariants({ variant: "outline", size: "sm" })}>
            {t("audit.filters.reset")}
          </Link>
          <Button type="button" size="sm" variant="ghost" aria-expanded={more} onClick={() => setMore((v) => !v)}>
            {more ? <ChevronUp aria-hidden /> : <ChevronDown aria-hidden />}
            {more ? t("audit.filters.fewer") : t("audit.filters.more")}
          </Button>
          <span role="status" className="text-sm text-slate-600">
            {navigating ? t("audit.loading") : ""}
          </span>
        </div>
      </div>
    </form>
  );
}
