"use client";
import type { ReactNode } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "./alert-dialog";

/** ConfirmAlert's props (confirm-alert.tsx). */
export type ConfirmAlertProps = {
  open: boolean;
  title: string;
  /** What the action affects, and any options (a checkbox) it takes. */
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  closeLabel: string;
  /** A red confirm button (disable, revoke, reject); false for what gives back (enable, approve). */
  destructive?: boolean;
  busy?: boolean;
  busyLabel?: string;
  error?: ReactNode;
  done?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
};

/**
 * ConfirmAlert's dialog (Radix's AlertDialog), loaded when a ConfirmAlert first opens: Cancel has
 * the focus, a click outside does not close it, neither Escape nor Cancel does while `busy`.
 */
export function ConfirmAlertDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  closeLabel,
  destructive = true,
  busy = false,
  busyLabel,
  error,
  done,
  onConfirm,
  onClose,
}: ConfirmAlertProps) {
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next && !busy) onClose();
      }}
    >
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle className="break-keep wrap-break-word">{title}</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="space-y-3 break-keep wrap-break-word text-slate-800">{done ?? children}</div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        {!done && error ? <div>{error}</div> : null}
        <AlertDialogFooter>
          {done ? (
            <AlertDialogAction onClick={onClose}>{closeLabel}</AlertDialogAction>
          ) : (
            <>
              <AlertDialogCancel disabled={busy}>{cancelLabel}</AlertDialogCancel>
              <AlertDialogAction
                variant={destructive ? "destructive" : "default"}
                disabled={busy}
                aria-busy={busy || undefined}
                onClick={(e) => {
                  // The dialog stays open until the request answers (its outcome or its error shows here).
                  e.preventDefault();
                  onConfirm();
                }}
              >
                {busy && busyLabel ? busyLabel : confirmLabel}
              </AlertDialogAction>
            </>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
