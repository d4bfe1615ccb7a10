"use client";
import dynamic from "next/dynamic";
import type { ConfirmAlertProps } from "./confirm-alert-dialog";
import { onFirstOpen } from "./on-first-open";

/**
 * The confirmation of one action on one thing, on the kit's AlertDialog: it names what it affects,
 * Cancel has the focus (Enter by reflex does not confirm), a click outside does not close it, and
 * neither Escape nor Cancel does while the request runs. Why it failed shows inside it; after it
 * succeeded it can show its result (`done`: a password shown once) with a single Close button.
 * The dialog (confirm-alert-dialog.tsx) loads when it first opens, not with the page.
 */
export const ConfirmAlert = onFirstOpen<ConfirmAlertProps>(
  dynamic(() => import("./confirm-alert-dialog").then((m) => m.ConfirmAlertDialog), { ssr: false }),
  "ConfirmAlert",
);
