"use client";
import type { ReactNode } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "./alert-dialog";

/**
 * The confirmation of one action on one thing, on the kit's AlertDialog: it names what it affects,
 * Cancel has the focus (Enter by reflex does not confirm), a click outside does not close it, and
 * neither Escape nor Cancel does while the request runs. Why it failed shows inside it; after it
 * succeeded it can show its result (`done`: a password shown once) with a single Close button.
 */
export function ConfirmAlert({
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
}: {
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
}) {
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
