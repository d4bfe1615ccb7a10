"use client";
import { useCallback, type ReactNode } from "react";
import type { Control as FormControl, FieldPath, FieldValues, Resolver } from "react-hook-form";
import { Controller } from "react-hook-form";
import type { z } from "zod";
import { FieldError, FieldLegend, FieldSet } from "@/components/ui/field";
import { FormField } from "@/components/ui/form";
import { Input, Textarea } from "@/components/ui/input";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { REASON_MAX, type ControlStateName } from "@/lib/controls/constants";
import { useT } from "@/lib/i18n/client";
import { StateBadge } from "./state-badge";

// The parts of the forms that change a control: tighten, bulk tighten, ask for (or decide on) a loosening.

/** "Now: [badge]". */
export function CurrentState({ state }: { state: ControlStateName }) {
  const t = useT();
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      {t("controls.tighten.current")} <StateBadge state={state} />
    </p>
  );
}

/** The state to change to: one radio per state, each with what it means; `after` under the choices. */
export function StateChoice<T extends FieldValues>({
  control,
  name,
  legend,
  states,
  after,
}: {
  control: FormControl<T>;
  name: FieldPath<T>;
  legend: string;
  states: readonly ControlStateName[];
  after?: ReactNode;
}) {
  const t = useT();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <FieldSet data-invalid={fieldState.invalid || undefined} aria-invalid={fieldState.invalid || undefined}>
          <FieldLegend>{legend}</FieldLegend>
          {states.map((s) => (
            <label key={s} className="flex items-start gap-2 text-sm">
              <input type="radio" name={field.name} value={s} checked={field.value === s} onChange={() => field.onChange(s)} onBlur={field.onBlur} className="mt-1 size-4" />
              <span>
                <span className="font-medium">{t(`controls.state.${s}`)}</span>
                <span className="block text-xs text-slate-600">{t(`controls.stateHint.${s}`)}</span>
              </span>
            </label>
          ))}
          {after}
          <FieldError>{fieldState.error?.message}</FieldError>
        </FieldSet>
      )}
    />
  );
}

/** Why the control changes: kept with the change in the audit trail and shown to whoever approves it. */
export function ReasonField<T extends FieldValues>({ control, name, label, hint }: { control: FormControl<T>; name: FieldPath<T>; label: string; hint?: string }) {
  return (
    <FormField control={control} name={name} label={label} description={hint}>
      {(field, aria) => <Textarea {...field} {...aria} value={field.value ?? ""} rows={3} maxLength={REASON_MAX} />}
    </FormField>
  );
}

/** The number typed by hand to confirm a change (a bank code, a count of banks): a change cannot be confirmed by reflex. */
export function TypedConfirmation<T extends FieldValues>({ control, name, label, hint }: { control: FormControl<T>; name: FieldPath<T>; label: string; hint?: string }) {
  return (
    <FormField control={control} name={name} label={label} description={hint} className="max-w-sm">
      {(field, aria) => <Input {...field} {...aria} value={field.value ?? ""} inputMode="numeric" autoComplete="off" maxLength={4} className="w-28 font-mono" />}
    </FormField>
  );
}

/**
 * The route's schema for the form (useZodResolver), plus the typed confirmation: a value that is not
 * the expected one is refused next to its field with `mismatch` (the bank code, the number of
 * banks), so the button is never silently greyed out.
 */
export function useConfirmedResolver<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, field: string, expected: string, mismatch: string): Resolver<z.input<S>, unknown, z.output<S>> {
  const base = useZodResolver(schema);
  return useCallback<Resolver<z.input<S>, unknown, z.output<S>>>(
    async (values, context, options) => {
      const result = await base(values, context, options);
      const typed = String((values as Record<string, unknown>)[field] ?? "").trim();
      if (typed === "" || typed === expected) return result;
      return { values: {}, errors: { ...result.errors, [field]: { type: "mismatch", message: mismatch } } } as Awaited<ReturnType<typeof base>>;
    },
    [base, field, expected, mismatch],
  );
}
