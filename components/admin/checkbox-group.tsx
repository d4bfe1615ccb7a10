"use client";
import { useId } from "react";

/** A fieldset of checkboxes (roles, scopes) with its error next to it and announced with it. */
export function CheckboxGroup<V extends string>({
  legend,
  options,
  value,
  onChange,
  error,
  locked = [],
  lockedHint,
  name,
}: {
  legend: string;
  options: { value: V; label: string; hint?: string }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  error?: string | null;
  /** Options that stay as they are (one's own admin role): shown checked and disabled. */
  locked?: readonly V[];
  lockedHint?: string;
  name: string;
}) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  const hintId = lockedHint && locked.length ? `${id}-hint` : undefined;
  return (
    <fieldset className="space-y-2" aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {options.map((o) => {
          const checked = value.includes(o.value);
          const isLocked = locked.includes(o.value);
          return (
            <label key={o.value} className={`flex max-w-xs items-start gap-2 text-sm ${isLocked ? "text-slate-500" : ""}`}>
              <input
                type="checkbox"
                name={name}
                value={o.value}
                checked={checked}
                disabled={isLocked}
                onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
                className="mt-0.5 size-4 accent-brand-700"
              />
              <span>
                <span className="font-medium">{o.label}</span>
                {o.hint ? <span className="block text-xs text-slate-600">{o.hint}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      {hintId ? (
        <p id={hintId} className="text-xs text-slate-600">
          {lockedHint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
