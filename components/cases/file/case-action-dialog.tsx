"use client";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { CASE_OUTCOMES, CASE_SEVERITIES, REASON_MAX, TRANSITIONS } from "@/lib/cases/constants";
import type { CaseFile } from "@/lib/cases/file-schemas";
import {
  assignRequest,
  incidentRequest,
  severityRequest,
  snoozeRequest,
  statusRequest,
  type AssignRequest,
  type IncidentRequest,
  type SeverityRequest,
  type SnoozeRequest,
  type StatusRequest,
} from "@/lib/cases/workflow-schemas";
import { formatJst, formatJstDate } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { CaseViewer } from "./case-file-view";
import { useCaseMutation } from "./case-write";

export type CaseDialogKind = "status" | "assign" | "severity" | "snooze" | "incident";

interface FormProps {
  file: CaseFile;
  viewer: CaseViewer;
  /** The version the person read when they opened the form: the write carries it. */
  version: number;
  preset?: string;
  onDone: () => void;
}

/** One workflow form in its dialog, on the route's own schema (open while mounted; loaded when opened). */
export function CaseActionDialog({ kind, onClose, ...props }: Omit<FormProps, "onDone"> & { kind: CaseDialogKind; onClose: () => void }) {
  const t = useT();
  const reference = props.file.case.reference;
  const title = {
    status: t("cases.file.actions.statusTitle", { reference }),
    assign: t("cases.file.actions.assignTitle", { reference }),
    severity: t("cases.file.actions.severityTitle", { reference }),
    snooze: t("cases.file.actions.snoozeTitle", { reference }),
    incident: t("cases.file.actions.incidentTitle", { reference }),
  }[kind];
  const Form = { status: StatusForm, assign: AssignForm, severity: SeverityForm, snooze: SnoozeForm, incident: IncidentForm }[kind];
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={title}>
      <Form {...props} onDone={onClose} />
    </FormDialog>
  );
}

function StatusForm({ file, version, onDone }: FormProps) {
  const t = useT();
  const c = file.case;
  const next = TRANSITIONS[c.status];
  const form = useForm({ resolver: useZodResolver(statusRequest), defaultValues: { status: next[0]!, outcome: null, reason: "", version } });
  const status = useWatch({ control: form.control, name: "status" });
  const run = useCaseMutation({
    path: () => "/status",
    what: (v: StatusRequest) =>
      t("cases.file.actions.whatStatus", { status: `${t(`cases.status.${v.status}` as never)}${v.outcome ? ` (${t(`cases.outcome.${v.outcome}` as never)})` : ""}` }),
    success: (r) => t("cases.file.actions.statusChanged", { reference: c.reference, status: t(`cases.status.${r.status}` as never) }),
    form,
    onSuccess: onDone,
  });
  const closing = status === "closed";
  const reopening = c.status === "closed";
  return (
    <DialogForm
      testId="status-form"
      onSubmit={form.handleSubmit((v) => run.mutate({ ...v, outcome: closing ? v.outcome : null, reason: v.reason || null }))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("cases.file.actions.saveStatus")} pendingLabel={t("cases.file.actions.working")} onCancel={onDone} />}
    >
      <p className="text-sm">{t("cases.file.actions.currentStatus", { status: t(`cases.status.${c.status}`) })}</p>
      <FormField control={form.control} name="status" label={t("cases.file.actions.newStatus")}>
        {(field, aria) => (
          <NativeSelect {...field} {...aria} autoFocus>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      {closing ? (
        <FormField control={form.control} name="outcome" label={t("cases.file.actions.outcome")} description={t("cases.file.actions.outcomeHint")}>
          {(field, aria) => (
            <NativeSelect {...field} {...aria} value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value || null)}>
              <option value="">—</option>
              {CASE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`cases.outcome.${o}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      ) : null}
      <FormField
        control={form.control}
        name="reason"
        label={reopening ? t("cases.file.actions.reason") : t("cases.file.actions.reasonOptional")}
        description={reopening ? t("cases.file.actions.reopenHint") : undefined}
      >
        {(field, aria) => <Textarea {...field} {...aria} value={field.value ?? ""} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

function AssignForm({ file, viewer, version, preset, onDone }: FormProps) {
  const t = useT();
  const c = file.case;
  const form = useForm({
    resolver: useZodResolver(assignRequest),
    defaultValues: { assigneeId: preset ?? file.assignees.find((p) => p.id !== c.assignee?.id)?.id ?? null, reason: "", version },
  });
  const nameOf = (id: string | null) => (id ? (file.assignees.find((p) => p.id === id)?.name ?? "—") : t("cases.file.actions.nobody"));
  const run = useCaseMutation({
    path: () => "/assign",
    what: (v: AssignRequest) => t("cases.file.actions.whatAssign", { name: nameOf(v.assigneeId) }),
    success: (r, v) => (v.assigneeId ? t("cases.file.actions.assigned", { reference: c.reference, name: nameOf(v.assigneeId) }) : t("cases.file.actions.unassigned", { reference: c.reference })),
    form,
    onSuccess: onDone,
  });
  const someoneElses = c.assignee && c.assignee.id !== viewer.userId;
  return (
    <DialogForm
      testId="assign-form"
      onSubmit={form.handleSubmit((v) => run.mutate({ ...v, reason: v.reason || null }))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("cases.file.actions.saveAssign")} pendingLabel={t("cases.file.actions.working")} onCancel={onDone} />}
    >
      <FormField control={form.control} name="assigneeId" label={t("cases.file.actions.assignee")}>
        {(field, aria) => (
          <NativeSelect {...field} {...aria} value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value || null)} autoFocus>
            <option value="">{t("cases.file.actions.nobody")}</option>
            {file.assignees.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id === viewer.userId ? t("cases.file.actions.me", { name: p.name }) : p.name}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormField
        control={form.control}
        name="reason"
        label={someoneElses ? t("cases.file.actions.reason") : t("cases.file.actions.reasonOptional")}
        description={someoneElses ? t("cases.file.actions.reassignHint", { name: c.assignee!.name }) : undefined}
      >
        {(field, aria) => <Textarea {...field} {...aria} value={field.value ?? ""} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

function SeverityForm({ file, version, onDone }: FormProps) {
  const t = useT();
  const c = file.case;
  const form = useForm({ resolver: useZodResolver(severityRequest), defaultValues: { severity: c.severity, reason: "", version } });
  const run = useCaseMutation({
    path: () => "/severity",
    what: (v: SeverityRequest) => t("cases.file.actions.whatSeverity", { severity: t(`cases.severity.${v.severity}` as never) }),
    success: (_r, v) => t("cases.file.actions.severityChanged", { reference: c.reference, severity: t(`cases.severity.${v.severity}` as never) }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      testId="severity-form"
      onSubmit={form.handleSubmit((v) => run.mutate({ ...v, reason: v.reason || null }))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("cases.file.actions.saveSeverity")} pendingLabel={t("cases.file.actions.working")} onCancel={onDone} />}
    >
      <FormField control={form.control} name="severity" label={t("cases.file.header.severity")} description={t("cases.file.actions.severityHint")}>
        {(field, aria) => (
          <NativeSelect {...field} {...aria} autoFocus>
            {CASE_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.severity.${s}`)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormField control={form.control} name="reason" label={t("cases.file.actions.reasonOptional")}>
        {(field, aria) => <Textarea {...field} {...aria} value={field.value ?? ""} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

/** "2026-12-08T09:00" (a datetime-local value) in Japan time, one day from now at the hour. */
function tomorrowJst(): string {
  const d = new Date(Date.now() + 86_400_000);
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", hourCycle: "h23" }).format(d);
  return `${formatJstDate(d)}T${hour}:00`;
}
const JST_SUFFIX = ":00+09:00";

function SnoozeForm({ file, version, onDone }: FormProps) {
  const t = useT();
  const c = file.case;
  // The field holds the instant the API takes (…T09:00:00+09:00); the input shows its Japan wall clock.
  const form = useForm({ resolver: useZodResolver(snoozeRequest), defaultValues: { until: `${tomorrowJst()}${JST_SUFFIX}` as string | null, version } });
  const run = useCaseMutation({
    path: () => "/snooze",
    what: (v: SnoozeRequest) => (v.until ? t("cases.file.actions.whatSnooze", { until: formatJst(v.until) }) : t("cases.file.actions.whatWake")),
    success: (r, v) => (v.until ? t("cases.file.actions.snoozed", { reference: c.reference, until: formatJst(v.until) }) : t("cases.file.actions.woken", { reference: c.reference })),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      testId="snooze-form"
      onSubmit={form.handleSubmit((v) => run.mutate(v))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("cases.file.actions.saveSnooze")} pendingLabel={t("cases.file.actions.working")} onCancel={onDone} />}
    >
      <p className="text-sm text-slate-700">{t("cases.file.actions.snoozeHint")}</p>
      <FormField control={form.control} name="until" label={t("cases.file.actions.until")} className="max-w-xs">
        {(field, aria) => (
          <Input
            {...aria}
            ref={field.ref}
            name={field.name}
            onBlur={field.onBlur}
            type="datetime-local"
            value={field.value ? field.value.slice(0, 16) : ""}
            onChange={(e) => field.onChange(e.target.value ? `${e.target.value}${JST_SUFFIX}` : "")}
            autoFocus
          />
        )}
      </FormField>
      {c.snoozedUntil ? (
        <Button type="button" variant="outline" disabled={run.isPending} onClick={() => run.mutate({ until: null, version })}>
          {t("cases.file.actions.wake")}
        </Button>
      ) : null}
    </DialogForm>
  );
}

function IncidentForm({ file, version, onDone }: FormProps) {
  const t = useT();
  const c = file.case;
  const form = useForm({ resolver: useZodResolver(incidentRequest), defaultValues: { incidentId: "" as string | null, version } });
  const run = useCaseMutation({
    path: () => "/incident",
    what: (v: IncidentRequest) => t("cases.file.actions.whatIncident", { incident: v.incidentId ?? "—" }),
    success: (_r, v) => (v.incidentId ? t("cases.file.actions.attached", { reference: c.reference, incident: v.incidentId.toUpperCase() }) : t("cases.file.actions.detached", { reference: c.reference })),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      testId="incident-form"
      onSubmit={form.handleSubmit((v) => run.mutate(v))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("cases.file.actions.saveIncident")} pendingLabel={t("cases.file.actions.working")} onCancel={onDone} />}
    >
      <FormField control={form.control} name="incidentId" label={t("cases.file.actions.incidentId")} description={t("cases.file.actions.incidentHint")} className="max-w-xs">
        {(field, aria) => <Input {...field} {...aria} value={field.value ?? ""} autoComplete="off" autoFocus />}
      </FormField>
      {c.incident ? (
        <Notice>
          <span className="flex flex-wrap items-center gap-3">
            <span className="font-mono">{c.incident.reference}</span>
            <Button type="button" variant="outline" size="sm" disabled={run.isPending} onClick={() => run.mutate({ incidentId: null, version })}>
              {t("cases.file.actions.detach", { reference: c.incident.reference })}
            </Button>
          </span>
        </Notice>
      ) : null}
    </DialogForm>
  );
}
