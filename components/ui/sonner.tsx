"use client";
import type { CSSProperties } from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";

/** The one place notices appear (sonner): `toast.success(t(...))`, `toast.error(t(...))`. Mounted once in components/providers.tsx. */
export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      theme="light"
      position="bottom-right"
      className="toaster group"
      style={{ "--normal-bg": "var(--popover)", "--normal-text": "var(--popover-foreground)", "--normal-border": "var(--border)" } as CSSProperties}
      {...props}
    />
  );
}
