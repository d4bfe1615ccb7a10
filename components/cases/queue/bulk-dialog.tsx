"use client";
import { useState } from "react";
import { useForm, useWatch, type UseFormReturn } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { postJson } from "@/lib/api-client";
import { CASE_OUTCOMES, CASE_STATUSES, REASON_MAX, type BulkAction } from "@/lib/cases/constants";
import { bulkRequest, type BulkRequestInput, type BulkResult } from "@/lib/cases/schemas";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { QueueChoices } from "./types";

/** Which cases: named with the versions read, or every case matching the queue's filters (the server lists them again). */
export type BulkTarget = { ids: { id: string; version: number }[] } | { filter: string };

// Each action's fields, from the route's own request schema (POST /api/v1/cases/bulk) without the action and the target.
const [assignShape, statusShape, incidentShape, snoozeShape] = bulkRequest.options;
const assignForm = assignShape.omit({ action: true, target: true });
const statusForm = statusShape.omit({ action: true, target: true });
const incidentForm = incidentShape.omit({ action: true, target: true });
const snoozeForm = snoozeShape.omit({ action: true, target: true });

const SNOOZE_DAYS = [1, 3, 7, 14, 30] as const;
const DAY_MS = 86_400_000;
/** A snooze's end, that many days from now. */
const untilAfter = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

interface Props {
  action: BulkAction;
  target: BulkTarget;
  count: number;
  people: QueueChoices["people"];
  meId: string;
  onClose: () => void;
  onDone: (result: BulkResult) => void;
}

/**
 * One bulk action on the selected cases, in its dialog (open while mounted; loaded when opened):
 * react-hook-form on the route's schema and the one mutation hook. The answer (each case done or
 * why not) goes back to the queue, which shows it and refetches.
 */
export function BulkDialog(props: Props) {
  const t = useT();
  const targetText = t("cases.queue.bulk.target", { count: props.count });
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : props.onClose())} title={t(`cases.queue.bulk.titles.${props.action}`, { target: targetText })}>
      {props.action === "assign" ? <AssignForm {...props} /> : props.action === "status" ? <StatusForm {...props} /> : props.action === "incident" ? <IncidentForm {...props} /> : <SnoozeForm {...props} />}
    </FormDialog>
  );
}

function useBulk<F extends Record<string, unknown>>(props: Props, form: UseFormReturn<F>) {
  const t = useT();
  return useApiMutation({
    mutationFn: (values: Omit<BulkRequestInput, "target" | "action">) => postJson<BulkResult>("/api/v1/cases/bulk", { action: props.action, target: props.target, ...values }),
    invalidate: [["cases"]],
    success: (r) => t("cases.queue.bulk.finished", { done: r.done, refused: r.refused }),
    form,
    onSuccess: (r) => props.onDone(r),
  });
}

function Footer<F extends Record<string, unknown>>({ form, pending, props }: { form: UseFormReturn<F>; pending: boolean; props: Props }) {
  const t = useT();
  return (
    <DialogActions
      form={form}
      pending={pending}
      submitLabel={t("cases.queue.bulk.submit", { target: t("cases.queue.bulk.target", { count: props.count }) })}
      pendingLabel={t("cases.queue.bulk.working")}
      onCancel={props.onClose}
    />
  );
}

function AssignForm(props: Props) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(assignForm), defaultValues: { assigneeId: props.meId as string | null, reason: "" } });
  const run = useBulk(props, form);
  return (
    <DialogForm onSubmit={form.handleSubmit((v) => run.mutate(v))} footer={<Footer form={form} pending={run.isPending} props={props} />} testId="bulk-assign">
      <FormField control={form.control} name="assigneeId" label={t("cases.queue.bulk.assignee")}>
        {(field, aria) => (
          <NativeSelect {...aria} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value || null)}>
            <option value={props.meId}>{t("cases.queue.bulk.me")}</option>
            {props.people
              .filter((p) => p.id !== props.meId)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.org === "carrier" ? p.name : `${p.name} (${p.org})`}
                </option>
              ))}
            <option value="">{t("cases.queue.bulk.nobody")}</option>
          </NativeSelect>
        )}
      </FormField>
      <FormField control={form.control} name="reason" label={t("cases.queue.bulk.reason")} description={t("cases.queue.bulk.reasonAssignHint")}>
        {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

function StatusForm(props: Props) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(statusForm), defaultValues: { to: "triage" as (typeof CASE_STATUSES)[number], outcome: undefined as (typeof CASE_OUTCOMES)[number] | undefined, reason: "" } });
  const run = useBulk(props, form);
  const closing = useWatch({ control: form.control, name: "to" }) === "closed";
  return (
    <DialogForm onSubmit={form.handleSubmit((v) => run.mutate(v))} footer={<Footer form={form} pending={run.isPending} props={props} />} testId="bulk-status">
      <FormField control={form.control} name="to" label={t("cases.queue.bulk.to")}>
        {(field, aria) => (
          <NativeSelect {...field} {...aria}>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      {closing ? (
        <FormField control={form.control} name="outcome" label={t("cases.queue.bulk.outcome")} description={t("cases.queue.bulk.outcomeHint")}>
          {(field, aria) => (
            <NativeSelect {...aria} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value || undefined)}>
              <option value="">{t("cases.queue.bulk.chooseOutcome")}</option>
              {CASE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`cases.outcome.${o}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      ) : null}
      <FormField control={form.control} name="reason" label={t("cases.queue.bulk.reason")} description={t("cases.queue.bulk.reasonStatusHint")}>
        {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

function IncidentForm(props: Props) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(incidentForm), defaultValues: { incidentId: "" as string | null } });
  const run = useBulk(props, form);
  return (
    <DialogForm onSubmit={form.handleSubmit((v) => run.mutate(v))} footer={<Footer form={form} pending={run.isPending} props={props} />} testId="bulk-incident">
      <FormField control={form.control} name="incidentId" label={t("cases.queue.bulk.incidentId")} description={t("cases.queue.filters.incidentHint")}>
        {(field, aria) => <Input {...field} {...aria} value={field.value ?? ""} maxLength={100} autoComplete="off" autoFocus />}
      </FormField>
    </DialogForm>
  );
}

function SnoozeForm(props: Props) {
  const t = useT();
  const [days, setDays] = useState<number>(SNOOZE_DAYS[0]);
  const form = useForm({ resolver: useZodResolver(snoozeForm), defaultValues: { until: untilAfter(1) } });
  const run = useBulk(props, form);
  const until = useWatch({ control: form.control, name: "until" });
  return (
    <DialogForm onSubmit={form.handleSubmit((v) => run.mutate(v))} footer={<Footer form={form} pending={run.isPending} props={props} />} testId="bulk-snooze">
      <FormField control={form.control} name="until" label={t("cases.queue.bulk.snoozeFor")} description={t("cases.queue.bulk.until", { until: formatJst(until) })}>
        {(field, aria) => (
          <NativeSelect {...aria} name={field.name} ref={field.ref} onBlur={field.onBlur} value={String(days)} onChange={(e) => {
              setDays(Number(e.target.value));
              field.onChange(untilAfter(Number(e.target.value)));
            }}>
            {SNOOZE_DAYS.map((d) => (
              <option key={d} value={d}>
                {t("cases.queue.bulk.days", { count: d })}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
    </DialogForm>
  );
}
