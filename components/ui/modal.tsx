"use client";
import { useEffect, useRef, type DialogHTMLAttributes, type ReactNode } from "react";

/**
 * The one modal of the console, on the native <dialog> element opened with showModal(): focus moves
 * into it and stays there, the page behind is inert, Escape closes it, and the browser returns focus
 * to the button that opened it. The title and body mount only while open, so each opening starts
 * afresh. The caller gives the title's id (and names the dialog by it), its width and its events.
 */
export function Modal({
  open,
  title,
  titleId,
  width,
  children,
  ...dialog
}: Omit<DialogHTMLAttributes<HTMLDialogElement>, "open" | "title" | "className" | "children"> & {
  open: boolean;
  title: string;
  titleId: string;
  /** A max-width class: "max-w-lg". */
  width: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} {...dialog} className={`m-auto w-full ${width} rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50`}>
      {open ? (
        <div className="max-h-[85vh] space-y-4 overflow-y-auto p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
