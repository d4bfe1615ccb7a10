"use client";
import { useId, type ReactNode } from "react";
import { Button } from "./button";
import { Modal } from "./modal";

/**
 * A confirmation in a Modal (the native <dialog>: focus trapped, Escape closes it, focus returns to
 * the button that opened it), described by its body. Escape waits while the action runs.
 *
 * After the action succeeded the same dialog can show its result (`done`, e.g. a password shown
 * once) with a single Close button.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  closeLabel,
  tone = "danger",
  busy = false,
  busyLabel,
  error,
  done,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  /** What the action affects, and any options (checkboxes) it takes. */
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  closeLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  busyLabel?: string;
  /** Why the action failed, shown inside the dialog. */
  error?: ReactNode;
  /** The result, once the action succeeded: replaces the body and the buttons. */
  done?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const bodyId = useId();
  return (
    <Modal
      open={open}
      title={title}
      titleId={titleId}
      aria-labelledby={open ? titleId : undefined}
      aria-describedby={open ? bodyId : undefined}
      onClose={onClose}
      onCancel={(e) => {
        // Escape while the action runs would hide its outcome: wait for it.
        if (busy) e.preventDefault();
      }}
      width="max-w-lg"
    >
      <div id={bodyId} className="space-y-3 text-sm text-slate-800">
        {done ?? children}
      </div>
      {!done && error ? <div>{error}</div> : null}
      <div className="flex flex-wrap justify-end gap-2">
        {done ? (
          <Button type="button" variant="default" onClick={onClose} autoFocus>
            {closeLabel}
          </Button>
        ) : (
          <>
            {/* The safe choice has the focus: Enter by reflex does not confirm. */}
            <Button type="button" variant="outline" onClick={onClose} disabled={busy} autoFocus>
              {cancelLabel}
            </Button>
            <Button type="button" variant={tone === "danger" ? "destructive" : "default"} onClick={onConfirm} disabled={busy} aria-busy={busy || undefined}>
              {busy && busyLabel ? busyLabel : confirmLabel}
            </Button>
          </>
        )}
      </div>
    </Modal>
  );
}
