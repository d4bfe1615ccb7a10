"use client";
import type { FormEventHandler, ReactNode } from "react";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "./dialog";
import { cn } from "@/lib/utils";

/**
 * A form in a dialog (the controls' tighten, loosen, decide and bulk; editing a person; a link's
 * freeze and case) on the kit's Dialog: the title on top, then
 * a DialogForm whose body scrolls while its footer (why it failed, Cancel, the submit button) stays
 * in view, so the button is on screen at 900 px height whatever the blast radius's size.
 */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  wide,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className={cn("flex max-h-[calc(100dvh-2rem)] flex-col gap-0 overflow-hidden p-0", wide ? "sm:max-w-3xl" : "sm:max-w-xl")}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <DialogHeader className="border-b border-slate-200 py-3 pr-12 pl-5">
          <DialogTitle className="break-keep wrap-break-word">{title}</DialogTitle>
          {description ? <DialogDescription>{description}</DialogDescription> : null}
        </DialogHeader>
        {open ? children : null}
      </DialogContent>
    </Dialog>
  );
}

/** A form inside a FormDialog: `children` scroll, `footer` stays at the bottom. */
export function DialogForm({ onSubmit, footer, children, testId, label }: { onSubmit: FormEventHandler<HTMLFormElement>; footer: ReactNode; children: ReactNode; testId?: string; label?: string }) {
  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col" data-testid={testId} aria-label={label}>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4 break-keep wrap-break-word">{children}</div>
      <DialogFooter className="items-center border-t border-slate-200 bg-slate-50 px-5 py-3">{footer}</DialogFooter>
    </form>
  );
}
