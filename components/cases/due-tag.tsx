"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { useT } from "@/lib/i18n/client";

const DAY_MS = 86_400_000;

/** Whole days until a due date (0: within the day), or days past it (1 at least once past). */
export function dueIn(dueAt: string, now: number): { late: boolean; days: number } {
  const ms = new Date(dueAt).getTime() - now;
  return ms >= 0 ? { late: false, days: Math.floor(ms / DAY_MS) } : { late: true, days: Math.ceil(-ms / DAY_MS) };
}

/** "3 days left" / "2 days late" beside an open case's due date; nothing for a closed one. */
export function DueTag({ dueAt, closed }: { dueAt: string; closed: boolean }) {
  const t = useT();
  // The moment the page was opened: the tag says days, and the page refetches after each change.
  const [now] = useState(() => Date.now());
  if (closed) return null;
  const { late, days } = dueIn(dueAt, now);
  const variant = late ? "destructive" : days <= 1 ? "warning" : "secondary";
  return (
    <Badge variant={variant} data-testid="due-tag" suppressHydrationWarning>
      {late ? t("cases.due.late", { count: days }) : t("cases.due.left", { count: days })}
    </Badge>
  );
}
