"use client";
import { Badge } from "@/components/ui/badge";
import { useT } from "@/lib/i18n/client";
import type { IncidentSummary } from "@/lib/incidents/schemas";

const VARIANT = { open: "destructive", contained: "warning", closed: "secondary" } as const;

/** An incident's status: open (red), contained (amber), closed (grey). */
export function StatusBadge({ status }: { status: IncidentSummary["status"] }) {
  const t = useT();
  return <Badge variant={VARIANT[status]}>{t(`incidents.status.${status}`)}</Badge>;
}
