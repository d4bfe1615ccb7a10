"use client";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
import { Notice } from "@/components/ui/notice";
import { REASON_MAX, type ControlStateName } from "@/lib/controls/schemas";
import type { FieldErrors } from "@/lib/errors";
import { useI18n } from "@/lib/i18n/client";
import { ApiError } from "./api";
import { TextAreaField } from "./fields";
import { StateBadge } from "./state-badge";
import { failureText, fieldError } from "./text";

// The parts of the forms that change a control: tighten, bulk tighten, ask for (or decide on) a loosening.

/** Anything thrown by a request, as an ApiError (a failure without a response is status 0). */
export function toError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, String(err), null);
}

/**
 * A change form's state around its request: busy while it runs, then the API's field errors (each
 * shown next to its field) or one sentence for a refusal no field explains. A stale revision (the
 * request was edited meanwhile) is such a refusal: no field of the form can fix it.
 */
export function useChangeSubmit() {
  const { t } = useI18n();
  const [fields, setFields] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(request: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    setFields({});
    try {
      await request();
    } catch (err) {
      const e = toError(err);
      if (Object.keys(e.problems).some((k) => k !== "revision")) setFields(e.problems);
      else setFailure(failureText(t, e));
    } finally {
      setBusy(false);
    }
  }

  /** Field errors found before anything is sent. */
  function refuse(errors: FieldErrors) {
    setFailure(null);
    setFields(errors);
  }

  return { fields, failure, busy, send, refuse };
}

/** "Current state: [badge]". */
export function CurrentState({ state }: { state: ControlStateName }) {
  const { t } = useI18n();
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      {t("controls.tighten.current")} <StateBadge state={state} />
    </p>
  );
}

/** The state to change to: one radio ("toState") per state, each with what it means. */
export function StateChoice({
  legend,
  states,
  value,
  onChange,
  error,
}: {
  legend: string;
  states: readonly ControlStateName[];
  value: ControlStateName;
  onChange: (state: ControlStateName) => void;
  error: string | null;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {states.map((s) => (
        <label key={s} className="flex items-start gap-2 text-sm">
          <input type="radio" name="toState" value={s} checked={value === s} onChange={() => onChange(s)} className="mt-1" />
          <span>
            <span className="font-medium">{t(`controls.state.${s}`)}</span>
            <span className="block text-xs text-slate-600">{t(`controls.stateHint.${s}`)}</span>
          </span>
        </label>
      ))}
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </fieldset>
  );
}

/** Why the control changes: kept with the change in the audit trail and shown to whoever approves it. */
export function ReasonField({
  label,
  hint,
  name = "reason",
  required,
  value,
  onChange,
  fields,
}: {
  label: string;
  hint: string;
  name?: string;
  required?: boolean;
  value: string;
  onChange: (reason: string) => void;
  fields: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <TextAreaField
      label={label}
      hint={hint}
      name={name}
      required={required}
      maxLength={REASON_MAX}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={fieldError(t, fields, "reason")}
    />
  );
}

/** The number typed by hand to confirm a change (a bank code, a count of banks): a change cannot be confirmed by reflex. */
export function TypedConfirmation({
  label,
  hint,
  name,
  value,
  onChange,
  error,
}: {
  label: string;
  hint?: string;
  name: string;
  value: string;
  onChange: (typed: string) => void;
  error: string | null;
}) {
  return (
    <Field
      label={label}
      hint={hint}
      name={name}
      inputMode="numeric"
      autoComplete="off"
      maxLength={4}
      value={value}
      onChange={(e) => onChange(e.target.value.trim())}
      error={error}
    />
  );
}

/** The end of a form in a dialog: why it failed, if it did, then Cancel and the form's own submit button. */
export function DialogFooter({ failure, onCancel, children }: { failure: string | null; onCancel: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
        {children}
      </div>
    </>
  );
}
