import type { ReactNode } from "react";
import { Button } from "./button";
import { Notice } from "./notice";

/**
 * The error notice at the top of a form: that some fields are wrong (each says why next to it) or,
 * when no field explains it, why the request failed. At most one of the two shows.
 */
export function FormErrors({ invalid, failure }: { invalid: ReactNode | null; failure: ReactNode | null }) {
  if (invalid) return <Notice tone="error">{invalid}</Notice>;
  if (failure) return <Notice tone="error">{failure}</Notice>;
  return null;
}

/** A form's submit button, which says while the request runs, and a secondary Cancel; both wait for the request. */
export function FormActions({ pending, submitLabel, pendingLabel, cancelLabel, onCancel }: { pending: boolean; submitLabel: string; pendingLabel: string; cancelLabel: string; onCancel: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
        {cancelLabel}
      </Button>
    </div>
  );
}
