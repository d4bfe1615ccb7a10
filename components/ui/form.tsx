"use client";
import { useId, type ReactNode } from "react";
import { Controller, type Control, type ControllerRenderProps, type FieldPath, type FieldValues, type UseFormReturn } from "react-hook-form";
import { useT } from "@/lib/i18n/client";
import { cn } from "@/lib/utils";
import { Button } from "./button";
import { Checkbox } from "./checkbox";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "./field";
import { Notice } from "./notice";

/** What a control gets from its FormField: its id (the label's target), invalid state and what describes it. */
export type FieldControlProps = { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined };

/** The ids of a control's description and error, and the aria-describedby naming those shown. */
function describedIds(id: string, description: ReactNode, error: string | undefined) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { descriptionId, errorId, describedBy: [descriptionId, errorId].filter(Boolean).join(" ") || undefined };
}

/**
 * The one labelled form field: react-hook-form's Controller inside shadcn's Field. The control
 * (Input, Textarea, NativeSelect…) is rendered by `children` with RHF's field props and the aria
 * wiring; the error message (already translated: zodResolver's and the server's) sits under it.
 */
export function FormField<T extends FieldValues, N extends FieldPath<T>>({
  control,
  name,
  label,
  description,
  className,
  children,
}: {
  control: Control<T>;
  name: N;
  label: ReactNode;
  description?: ReactNode;
  className?: string;
  children: (field: ControllerRenderProps<T, N>, aria: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => {
        const { descriptionId, errorId, describedBy } = describedIds(id, description, fieldState.error?.message);
        return (
          <Field data-invalid={fieldState.invalid || undefined} className={className}>
            <FieldLabel htmlFor={id}>{label}</FieldLabel>
            {children(field, { id, "aria-invalid": fieldState.invalid || undefined, "aria-describedby": describedBy })}
            {description ? <FieldDescription id={descriptionId}>{description}</FieldDescription> : null}
            <FieldError id={errorId}>{fieldState.error?.message}</FieldError>
          </Field>
        );
      }}
    />
  );
}

/** A fieldset of checkboxes bound to an array field (roles, scopes); `locked` options stay as they are, checked and disabled. */
export function CheckboxGroupField<T extends FieldValues, N extends FieldPath<T>>({
  control,
  name,
  legend,
  options,
  locked = [],
  description,
}: {
  control: Control<T>;
  name: N;
  legend: ReactNode;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  locked?: readonly string[];
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => {
        const value: string[] = Array.isArray(field.value) ? field.value : [];
        const { descriptionId, errorId, describedBy } = describedIds(id, description, fieldState.error?.message);
        return (
          <FieldSet data-invalid={fieldState.invalid || undefined} aria-invalid={fieldState.invalid || undefined} aria-describedby={describedBy}>
            <FieldLegend>{legend}</FieldLegend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {options.map((o) => {
                const isLocked = locked.includes(o.value);
                return (
                  <div key={o.value} className={cn("flex max-w-xs items-start gap-2 text-sm", isLocked && "text-slate-500")}>
                    <Checkbox
                      id={`${id}-${o.value}`}
                      name={field.name}
                      value={o.value}
                      className="mt-0.5"
                      checked={value.includes(o.value)}
                      disabled={isLocked}
                      onBlur={field.onBlur}
                      onCheckedChange={(checked) => field.onChange(checked === true ? [...value, o.value] : value.filter((v) => v !== o.value))}
                    />
                    <label htmlFor={`${id}-${o.value}`}>
                      <span className="font-medium">{o.label}</span>
                      {o.hint ? <span className="block text-xs text-slate-600">{o.hint}</span> : null}
                    </label>
                  </div>
                );
              })}
            </div>
            {description ? <FieldDescription id={descriptionId}>{description}</FieldDescription> : null}
            <FieldError id={errorId}>{fieldState.error?.message}</FieldError>
          </FieldSet>
        );
      }}
    />
  );
}

/** Why the form failed when no field explains it (`root.serverError`, set by useApiMutation). */
export function FormRootError<T extends FieldValues>({ form }: { form: UseFormReturn<T> }) {
  const message = form.formState.errors.root?.serverError?.message;
  return message ? <Notice tone="error">{message}</Notice> : null;
}

/** A form's submit button, which says so while the request runs, and a secondary Cancel; both wait for the request. */
export function FormActions({ pending, submitLabel, pendingLabel, cancelLabel, onCancel }: { pending: boolean; submitLabel: string; pendingLabel: string; cancelLabel?: string; onCancel?: () => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      {onCancel && cancelLabel ? (
        <Button type="button" variant="outline" onClick={onCancel} disabled={pending}>
          {cancelLabel}
        </Button>
      ) : null}
    </div>
  );
}

/** The end of a form in a dialog: why it failed (no field explains it), Cancel, and the submit button. */
export function DialogActions<T extends FieldValues>({
  form,
  pending,
  submitLabel,
  pendingLabel,
  destructive,
  onCancel,
}: {
  form: UseFormReturn<T>;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  destructive?: boolean;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <>
      <div className="min-w-0 flex-1 text-sm">
        <FormRootError form={form} />
      </div>
      <Button type="button" variant="outline" onClick={onCancel} disabled={pending}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={pending} aria-busy={pending || undefined}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </>
  );
}
