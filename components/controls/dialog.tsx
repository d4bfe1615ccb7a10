"use client";
import { useId, type ReactNode } from "react";
import { Modal } from "@/components/ui/modal";

/**
 * The controls page's dialog for a form (tighten, loosen, decide): a Modal named by its title,
 * wide for the blast radius table. Each opening starts with a fresh form.
 */
export function Dialog({ open, title, onClose, children, wide }: { open: boolean; title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const titleId = useId();
  return (
    <Modal open={open} title={title} titleId={titleId} aria-labelledby={titleId} onClose={onClose} width={wide ? "max-w-3xl" : "max-w-xl"}>
      {children}
    </Modal>
  );
}
