"use client";
import type { ReactNode, SelectHTMLAttributes } from "react";
import { FieldFrame } from "./labelled-field";

/** A labelled select whose hint and error, if any, sit next to it and are announced with it. */
export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} className={`${control.className} bg-white`} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
