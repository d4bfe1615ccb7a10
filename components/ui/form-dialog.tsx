"use client";
import dynamic from "next/dynamic";
import type { FormEventHandler, ReactNode } from "react";
import type { FormDialogProps } from "./form-dialog-frame";
import { onFirstOpen } from "./on-first-open";

/**
 * A form in a dialog (the controls' tighten, loosen, decide and bulk; editing a person; a link's
 * freeze and case) on the kit's Dialog: the title on top, then
 * a DialogForm whose body scrolls while its footer (why it failed, Cancel, the submit button) stays
 * in view, so the button is on screen at 900 px height whatever the blast radius's size. The dialog
 * (form-dialog-frame.tsx, Radix's Dialog) loads when it first opens, not with the page (issue #13 §9).
 */
export const FormDialog = onFirstOpen<FormDialogProps>(
  dynamic(() => import("./form-dialog-frame").then((m) => m.FormDialogFrame), { ssr: false }),
  "FormDialog",
);

/** A form inside a FormDialog: `children` scroll, `footer` stays at the bottom. */
export function DialogForm({ onSubmit, footer, children, testId, label }: { onSubmit: FormEventHandler<HTMLFormElement>; footer: ReactNode; children: ReactNode; testId?: string; label?: string }) {
  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col" data-testid={testId} aria-label={label}>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4 break-keep wrap-break-word">{children}</div>
      {/* The kit's DialogFooter, written out: importing it would bring the dialog's frame into the page's first load. */}
      <div data-slot="dialog-footer" className="flex flex-col-reverse items-center gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3 sm:flex-row sm:justify-end">
        {footer}
      </div>
    </form>
  );
}
