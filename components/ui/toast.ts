"use client";

/**
 * `toast.success(text)` and `toast.error(text)` without sonner in the page's first load (issue #13
 * §9): sonner loads on the first toast, as its Toaster loads after the page (components/providers.tsx);
 * a toast raised before the Toaster mounted waits in sonner's queue.
 */
const sonner = () => import("sonner").then((m) => m.toast);

export const toast = {
  success: (message: string) => void sonner().then((t) => t.success(message)),
  error: (message: string) => void sonner().then((t) => t.error(message)),
};
