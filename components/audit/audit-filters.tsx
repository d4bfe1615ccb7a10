"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useTransition, type FormEvent, type ReactNode } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
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

/** A labelled filter: its label, the control, a hint and the API's error under it (named by the control). */
function Filter({ label, hint, error, children }: { label: string; hint?: string; error: string | null; children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Field data-invalid={error ? true : undefined}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children({ id, describedBy })}
      {hint ? <FieldDescription id={`${id}-hint`}>{hint}</FieldDescription> : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}

/** A filter chosen from a list (a native select: keyboard, screen readers and the page's weight for free); the empty choice clears it. */
function ChoiceFilter({ name, defaultValue, anyLabel, ids, invalid, children }: { name: string; defaultValue: string; anyLabel: string; ids: { id: string; describedBy: string | undefined }; invalid: boolean; children: ReactNode }) {
  return (
    <NativeSelect id={ids.id} name={name} defaultValue={defaultValue} aria-describedby={ids.describedBy} aria-invalid={invalid || undefined}>
      <option value="">{anyLabel}</option>
      {children}
    </NativeSelect>
  );
}

/**
 * A GET form on /audit: the filters go in the URL (without empty parameters), so a view can be
 * shared; a filter change starts at the newest page. The action and the subject's kind are chosen
 * from the lists of known ones, grouped (a group of actions by its prefix). Native selects, not
 * Radix's: the same keyboard and screen-reader behaviour without ~15 kB of positioning code.
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

  return (
    <form method="get" action="/audit" onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-md border bg-background p-3">
      <h2 id={headingId} className="text-sm font-semibold text-slate-800">
        {t("audit.filters.legend")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Filter label={t("audit.filters.action")} hint={t("audit.filters.actionHint")} error={err("action")}>
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
        </Filter>
        <Filter label={t("audit.filters.actor")} hint={t("audit.filters.actorHint")} error={err("actor")}>
          {(ids) => <Input id={ids.id} name="actor" defaultValue={search.actor ?? ""} maxLength={200} aria-describedby={ids.describedBy} aria-invalid={errors.actor ? true : undefined} />}
        </Filter>
        <Filter label={t("audit.filters.entityType")} error={err("entityType")}>
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
        </Filter>
        <Filter label={t("audit.filters.entityId")} error={err("entityId")}>
          {(ids) => <Input id={ids.id} name="entityId" defaultValue={search.entityId ?? ""} maxLength={200} aria-describedby={ids.describedBy} aria-invalid={errors.entityId ? true : undefined} />}
        </Filter>
        <Filter label={t("audit.filters.bank")} error={err("bank")}>
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
        </Filter>
        <Filter label={t("audit.filters.from")} error={err("from")}>
          {(ids) => <Input id={ids.id} type="date" name="from" defaultValue={search.from ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.from ? true : undefined} />}
        </Filter>
        <Filter label={t("audit.filters.to")} error={err("to")}>
          {(ids) => <Input id={ids.id} type="date" name="to" defaultValue={search.to ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors.to ? true : undefined} />}
        </Filter>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={navigating}>
          {t("audit.filters.apply")}
        </Button>
        <Link href="/audit" className={buttonVariants({ variant: "outline" })}>
          {t("audit.filters.reset")}
        </Link>
        <span role="status" className="self-center text-sm text-slate-600">
          {navigating ? t("audit.loading") : ""}
        </span>
      </div>
    </form>
  );
}
