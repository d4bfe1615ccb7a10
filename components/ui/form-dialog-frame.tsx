"use client";
import type { ReactNode } from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "./dialog";
import { cn } from "@/lib/utils";

export type FormDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  wide?: boolean;
  children: ReactNode;
};

/** FormDialog's dialog (Radix's Dialog), loaded when a FormDialog first opens (form-dialog.tsx): the title on top, then the form (DialogForm). */
export function FormDialogFrame({ open, onOpenChange, title, description, wide, children }: FormDialogProps) {
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

