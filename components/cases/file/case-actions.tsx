"use client";
import { AlarmClock, ArrowRightLeft, ShieldAlert, Siren, UserRound, UserRoundCheck } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { CaseFile } from "@/lib/cases/file-schemas";
import { useT } from "@/lib/i18n/client";
import type { CaseViewer } from "./case-file-view";
import type { CaseDialogKind } from "./case-action-dialog";
import { useCaseMutation } from "./case-write";

// The forms (Radix's Dialog, react-hook-form, the resolver, zod) load when a dialog opens.
const CaseActionDialog = dynamic(() => import("./case-action-dialog").then((m) => m.CaseActionDialog), { ssr: false });

/** The workflow's actions for those who work the case (cases.work): each opens its form in a dialog. */
export function CaseActions({ file, viewer }: { file: CaseFile; viewer: CaseViewer }) {
  const t = useT();
  const [open, setOpen] = useState<{ kind: CaseDialogKind; version: number; preset?: string } | null>(null);
  const c = file.case;
  const me = file.assignees.find((p) => p.id === viewer.userId);
  // Taking an unassigned case needs no reason: at once. Someone else's opens the form for the reason.
  const take = useCaseMutation<{ assigneeId: string; version: number }>({
    path: () => "/assign",
    what: () => t("cases.file.actions.whatAssign", { name: me?.name ?? "" }),
    success: () => t("cases.file.actions.assigned", { reference: c.reference, name: me?.name ?? "" }),
  });
  if (!viewer.canWork) return null;
  const closed = c.status === "closed";
  const mine = c.assignee?.id === viewer.userId;
  const canTakeMine = !closed && !mine && Boolean(me);
  const show = (kind: CaseDialogKind, preset?: string) => setOpen({ kind, version: c.version, preset });
  return (
    <div role="toolbar" aria-label={t("cases.file.actions.label")} className="flex flex-wrap gap-2" data-testid="case-actions">
      <Button type="button" onClick={() => show("status")}>
        <ArrowRightLeft aria-hidden />
        {t("cases.file.actions.status")}
      </Button>
      {canTakeMine ? (
        <Button
          type="button"
          variant="outline"
          disabled={take.isPending}
          aria-busy={take.isPending || undefined}
          onClick={() => (c.assignee ? show("assign", viewer.userId) : take.mutate({ assigneeId: viewer.userId, version: c.version }))}
        >
          <UserRoundCheck aria-hidden />
          {t("cases.file.actions.assignMe")}
        </Button>
      ) : null}
      <Button type="button" variant="outline" disabled={closed} onClick={() => show("assign")}>
        <UserRound aria-hidden />
        {t("cases.file.actions.assign")}
      </Button>
      <Button type="button" variant="outline" disabled={closed} onClick={() => show("severity")}>
        <ShieldAlert aria-hidden />
        {t("cases.file.actions.severity")}
      </Button>
      <Button type="button" variant="outline" disabled={closed} onClick={() => show("snooze")}>
        <AlarmClock aria-hidden />
        {t("cases.file.actions.snooze")}
      </Button>
      <Button type="button" variant="outline" onClick={() => show("incident")}>
        <Siren aria-hidden />
        {t("cases.file.actions.incident")}
      </Button>
      {open ? <CaseActionDialog file={file} viewer={viewer} kind={open.kind} version={open.version} preset={open.preset} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
