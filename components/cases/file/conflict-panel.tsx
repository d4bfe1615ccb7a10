"use client";
import { TriangleAlert } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useApiMutation } from "@/hooks/use-api-mutation";
import type { CaseFile, TimelineEntry } from "@/lib/cases/file-schemas";
import { useT } from "@/lib/i18n/client";
import { caseKey, conflictOf, isStale, type CaseWriteResult, type Conflict } from "./case-write";
import { TimelineItem } from "./timeline";

/**
 * Two people on one case: the write of the one who read an older version came back 409
 * stale_version. Shows what changed since (the problem's `changes`, who and what, named from the
 * refetched timeline), the person's own change, and lets them apply it on the current version or
 * drop it. Nothing is overwritten without their say.
 */
export function ConflictPanel({ conflict, file, onDone, onConflict }: { conflict: Conflict; file: CaseFile; onDone: () => void; onConflict: (c: Conflict) => void }) {
  const t = useT();
  const id = useId();
  const caseId = file.case.id;
  const reapply = useApiMutation<number, CaseWriteResult | null>({
    mutationFn: async (version) => {
      try {
        return (await conflict.resend(version)) as CaseWriteResult;
      } catch (e) {
        if (!isStale(e)) throw e;
        // Moved again meanwhile: the panel shows the newer changes.
        onConflict(conflictOf(e, conflict.what, version, conflict.resend));
        return null;
      }
    },
    invalidate: [caseKey(caseId)],
    success: (r) => (r ? t("cases.file.conflict.reapplied", { version: r.version }) : null),
    onSuccess: (r) => {
      if (r) onDone();
    },
  });
  // Who made each change: the timeline entry of that version and kind, once the page has refetched it.
  const byVersion = new Map(file.timeline.items.filter((e) => e.version !== null).map((e) => [`${e.version}:${e.kind}`, e]));
  const changes: TimelineEntry[] = conflict.changes.map((ch, i) => {
    const known = byVersion.get(`${ch.version}:${ch.kind}`);
    return known ?? { id: `change-${i}`, kind: ch.kind, at: ch.at, actor: ch.actorId ? { id: ch.actorId, name: "" } : null, version: ch.version, body: ch.body };
  });
  const current = Math.max(conflict.current, file.case.version);
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border-2 border-amber-400 bg-amber-50 p-4" data-testid="conflict-panel" role="region">
      <h2 id={id} className="flex items-center gap-2 text-lg font-semibold text-amber-950">
        <TriangleAlert aria-hidden className="size-5" />
        {t("cases.file.conflict.title")}
      </h2>
      <p className="text-sm text-amber-950">{t("cases.file.conflict.body", { expected: conflict.expected, current })}</p>
      <div className="space-y-1">
        <h3 className="text-sm font-semibold">{t("cases.file.conflict.yours")}</h3>
        <p className="rounded border border-amber-300 bg-white px-3 py-2 text-sm" data-testid="conflict-yours">
          {conflict.what}
        </p>
      </div>
      <div className="space-y-1">
        <h3 className="text-sm font-semibold">{t("cases.file.conflict.since")}</h3>
        {changes.length ? (
          <ol className="rounded border border-amber-300 bg-white pl-4" data-testid="conflict-changes">
            {changes.map((e) => (
              <TimelineItem key={`${e.kind}-${e.id}`} entry={e} people={file.people} />
            ))}
          </ol>
        ) : (
          <p className="text-sm">{t("cases.file.conflict.none")}</p>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={reapply.isPending} aria-busy={reapply.isPending || undefined} onClick={() => reapply.mutate(current)}>
          {reapply.isPending ? t("cases.file.conflict.reapplying") : t("cases.file.conflict.reapply")}
        </Button>
        <Button type="button" variant="outline" disabled={reapply.isPending} onClick={onDone}>
          {t("cases.file.conflict.drop")}
        </Button>
      </div>
    </section>
  );
}
