/** The old labelled input (FieldFrame): kept until the controls and audit screens move to components/ui/field.tsx with react-hook-form; delete it then. */
import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** What a framed control takes from its FieldFrame: the id its label names, its invalid state, what describes it, its classes. */
export type FramedControl = { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined; className: string };

/**
 * The scaffolding of every labelled control (input, select, text area): the label, the control,
 * then its hint and error, which the control names in aria-describedby so they are announced with it.
 */
export function FieldFrame({
  label,
  hint,
  error,
  children,
  after,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** The control, given its id, aria-* and classes. */
  children: (control: FramedControl) => ReactNode;
  /** Anything under the hint and the error. */
  after?: ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        className: `block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600 ${error ? "border-red-600" : "border-slate-300"}`,
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {after}
    </div>
  );
}

/** A labelled input whose error, if any, sits next to it and is announced with it. */
export function Field({
  label,
  hint,
  error,
  children,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode; error?: string | null; children?: ReactNode }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} after={children}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}
