"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, type FormEvent, type ReactNode } from "react";
import type { FieldErrors } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { Button, buttonVariants } from "./button";
import { FilterField } from "./filter-field";
import { NativeSelect } from "./input";

/**
 * The one filter bar of a list page (accounts, reimbursements): a GET form on the page's path.
 * Without script it reloads the page with the filters in the URL; with script it navigates to the
 * same URL without empty parameters (`hrefOf` the known `keys`, `normalize` drops defaults). Any
 * change starts at the first page. `hidden` carries state the form does not edit (the queue, the
 * sort). The fields are FilterFields (`children`), each with the API's error for its key.
 */
export function FilterForm<K extends string>({
  action,
  title,
  keys,
  hrefOf,
  normalize,
  hidden = {},
  resetHref,
  applyLabel,
  resetLabel,
  children,
  after,
}: {
  action: string;
  title: string;
  keys: readonly K[];
  hrefOf: (next: Partial<Record<K, string>>) => string;
  normalize?: (next: Partial<Record<K, string>>) => void;
  hidden?: Partial<Record<K, string | undefined>>;
  resetHref: string;
  applyLabel: string;
  resetLabel: string;
  children: ReactNode;
  /** Under the fields (an error no field shows). */
  after?: ReactNode;
}) {
  const router = useRouter();
  const headingId = useId();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const v = String(data.get(key) ?? "").trim();
      if (v) next[key] = v;
    }
    normalize?.(next);
    router.push(hrefOf(next));
  }
  return (
    <form method="get" action={action} onSubmit={onSubmit} aria-labelledby={headingId} className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-slate-800">
        {title}
      </h2>
      {Object.entries(hidden).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value as string} /> : null))}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
      {after}
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{applyLabel}</Button>
        <Link href={resetHref} className={buttonVariants({ variant: "outline" })}>
          {resetLabel}
        </Link>
      </div>
    </form>
  );
}

/** The words of an API field error of a filter form, or null. */
export function useFilterError(errors: FieldErrors) {
  const { t } = useI18n();
  return (key: string) => (errors[key] ? fieldErrorText(t, errors[key]) : null);
}

export interface BankOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** A filter of one select: `options` as value and words, an "any" option first when given, the URL's unknown value kept. */
export function SelectFilter({
  name,
  label,
  value,
  anyLabel,
  options,
  errors,
}: {
  name: string;
  label: string;
  value: string | undefined;
  anyLabel?: string;
  options: { value: string; label: string }[];
  errors: FieldErrors;
}) {
  const err = useFilterError(errors);
  return (
    <FilterField label={label} error={err(name)}>
      {(ids) => (
        <NativeSelect id={ids.id} name={name} defaultValue={value ?? ""} aria-describedby={ids.describedBy} aria-invalid={errors[name] ? true : undefined}>
          {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
          {value && !options.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      )}
    </FilterField>
  );
}

/** The banks as select options, "0101 name" in the reader's language. */
export function useBankOptions(banks: BankOption[]) {
  const { locale } = useI18n();
  return banks.map((b) => ({ value: b.code, label: `${b.code} ${locale === "ja" ? b.nameJa : b.nameEn}` }));
}
