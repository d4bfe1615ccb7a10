"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A confirmation on the native <dialog> element opened with showModal(): focus moves into it and
 * stays there, the page behind is inert, Escape closes it, and the browser returns focus to the
 * button that opened it. The body mounts only while open, so each opening starts afresh.
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
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={open ? titleId : undefined}
      aria-describedby={open ? bodyId : undefined}
      onClose={onClose}
      onCancel={(e) => {
        // Escape while the action runs would hide its outcome: wait for it.
        if (busy) e.preventDefault();
      }}
      className="m-auto w-full max-w-lg rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      {open ? (
        <div className="max-h-[85vh] space-y-4 overflow-y-auto p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div id={bodyId} className="space-y-3 text-sm text-slate-800">
            {done ?? children}
          </div>
          {!done && error ? <div>{error}</div> : null}
          <div className="flex flex-wrap justify-end gap-2">
            {done ? (
              <Button type="button" variant="primary" onClick={onClose} autoFocus>
                {closeLabel}
              </Button>
            ) : (
              <>
                {/* The safe choice has the focus: Enter by reflex does not confirm. */}
                <Button type="button" variant="secondary" onClick={onClose} disabled={busy} autoFocus>
                  {cancelLabel}
                </Button>
                <Button type="button" variant={tone === "danger" ? "danger" : "primary"} onClick={onConfirm} disabled={busy} aria-busy={busy || undefined}>
                  {busy && busyLabel ? busyLabel : confirmLabel}
                </Button>
              </>
            )}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
