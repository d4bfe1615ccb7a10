"use client";
import { useId, type ReactNode } from "react";
import { Field, FieldDescription, FieldError, FieldLabel } from "./field";

/** What a filter's control gets from its FilterField: its id (the label's target) and what describes it. */
export type FilterIds = { id: string; describedBy: string | undefined };

/**
 * One labelled filter of a list's GET form (not react-hook-form: the URL is its state): its label,
 * the control, a hint and the API's error under it, named by the control.
 */
export function FilterField({
  label,
  hint,
  error,
  className,
  hintClassName,
  children,
}: {
  label: string;
  hint?: string;
  error: string | null;
  className?: string;
  /** "sr-only" in a compact bar: read with the control, not shown under it. */
  hintClassName?: string;
  children: (ids: FilterIds) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Field data-invalid={error ? true : undefined} className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children({ id, describedBy })}
      {hint ? (
        <FieldDescription id={`${id}-hint`} className={hintClassName}>
          {hint}
        </FieldDescription>
      ) : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}
