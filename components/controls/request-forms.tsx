"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input, Textarea } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { cancelRequest, CONTROL_STATES, looseningRequest, REASON_MAX, stateRank, type Control } from "@/lib/controls/schemas";
import { formatJst, fromJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { sendJson } from "./api";
import { BlastRadius } from "./blast-radius";
import { CurrentState, ReasonField, StateChoice } from "./change-form";
import { DialogActions } from "@/components/ui/form";
import { DialogForm } from "@/components/ui/form-dialog";
import { StateBadge } from "./state-badge";
import { bankName, controlName, personText, requestBank } from "./text";
import type { BankControlsView, RequestView } from "./types";

/** "2020-09-14T16:00" for a datetime-local input, in Japan time. */
function jstInputValue(iso: string | null): string {
  return iso ? formatJst(iso).replace(" ", "T") : "";
}

/**
 * The loosening form: the route's schema for the state and the reason; the time is typed in Japan
 * time (a datetime-local field) and sent as an instant.
 */
const looseningForm = looseningRequest.pick({ toState: true, reason: true }).extend({ scheduledFor: z.string() });

/**
 * Who approves a loosening the viewer asks for, by the rule of lib/controls/access.ts: a bank's own
 * request is decided by a carrier manager; the carrier's request about a bank by that bank's
 * managers or another carrier manager; never the requester.
 */
export function ApproverNote({ viewerIsCarrier, bank }: { viewerIsCarrier: boolean; bank: BankControlsView }) {
  const { t, locale } = useI18n();
  return (
    <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="approver-note">
      {viewerIsCarrier ? t("controls.loosen.approverCarrierRequest", { bank: bankName(locale, bank) }) : t("controls.loosen.approverBankRequest")}
    </p>
  );
}

/**
 * Asking for a loosening (or editing one's own request): one step at a time by default (suspended
 * → strong only; fully open is offered only on request and never chosen for you), a reason, an
 * optional time in Japan time, and who will approve it.
 */
export function LooseningForm({
  bank,
  control,
  request,
  viewerIsCarrier,
  onDone,
  onCancel,
}: {
  bank: BankControlsView;
  control: Control;
  request?: RequestView;
  viewerIsCarrier: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const current = bank[control].state;
  // Nearest first: from suspended, strong_only then open.
  const looser = CONTROL_STATES.filter((s) => stateRank(s) < stateRank(current)).reverse();
  const oneStep = looser[0];
  const [showAll, setShowAll] = useState(Boolean(request && request.toState !== oneStep));
  const form = useForm({
    resolver: useZodResolver(looseningForm),
    defaultValues: { toState: request?.toState ?? oneStep ?? current, reason: request?.reason ?? "", scheduledFor: jstInputValue(request?.scheduledFor ?? null) },
    mode: "onTouched",
  });
  const send = useApiMutation({
    mutationFn: (v: z.output<typeof looseningForm>) => {
      const scheduledFor = v.scheduledFor ? fromJst(v.scheduledFor.replace("T", " ")).toISOString() : null;
      return request
        ? sendJson<RequestView>(`/api/v1/control-requests/${request.id}`, "PATCH", { revision: request.revision, toState: v.toState, reason: v.reason, scheduledFor })
        : sendJson<RequestView>("/api/v1/control-requests", "POST", { bankCode: bank.bankCode, control, toState: v.toState, reason: v.reason, scheduledFor });
    },
    invalidate: [["controls"]],
    form,
    success: () => (request ? t("controls.loosen.edited") : t("controls.loosen.sent")),
    onSuccess: onDone,
  });

  if (!oneStep) return <Notice>{t("controls.loosen.nothingLooser")}</Notice>;
  const offered = showAll ? looser : [oneStep];

  return (
    <DialogForm
      onSubmit={form.handleSubmit((v) => {
        if (v.scheduledFor && Number.isNaN(safeJst(v.scheduledFor))) {
          form.setError("scheduledFor", { type: "invalid", message: t("controls.errors.scheduledFor") }, { shouldFocus: true });
          return;
        }
        send.mutate(v);
      })}
      footer={
        <DialogActions
          form={form}
          pending={send.isPending}
          submitLabel={request ? t("controls.loosen.save") : t("controls.loosen.submit")}
          pendingLabel={t("controls.loosen.submitting")}
          onCancel={onCancel}
        />
      }
    >
      <p className="text-sm text-slate-700">{t("controls.loosen.intro")}</p>
      <ApproverNote viewerIsCarrier={viewerIsCarrier} bank={bank} />
      <CurrentState state={current} />
      <StateChoice
        control={form.control}
        name="toState"
        legend={t("controls.loosen.toState")}
        states={offered}
        after={
          looser.length > 1 && !showAll ? (
            <div className="space-y-1">
              <p className="text-xs text-slate-600">{t("controls.loosen.oneStep", { state: t(`controls.state.${oneStep}`) })}</p>
              <Button type="button" variant="link" size="xs" className="h-auto px-0" onClick={() => setShowAll(true)}>
                {t("controls.loosen.showAll")}
              </Button>
            </div>
          ) : null
        }
      />
      <ReasonField control={form.control} name="reason" label={t("controls.loosen.reason")} hint={t("controls.loosen.reasonHint")} />
      <FormField control={form.control} name="scheduledFor" label={t("controls.loosen.scheduledFor")} description={t("controls.loosen.scheduledForHint")} className="max-w-xs">
        {(field, aria) => <Input {...field} {...aria} type="datetime-local" />}
      </FormField>
    </DialogForm>
  );
}

function safeJst(local: string): number {
  try {
    return fromJst(local.replace("T", " ")).getTime();
  } catch {
    return Number.NaN;
  }
}

export type Decision = "approve" | "reject" | "cancel";

/** The note of a decision: the route's own field. */
const decisionForm = cancelRequest;

/**
 * Approving, rejecting or withdrawing one request, with an optional note. Approving shows what the
 * loosening would let through again (the blast radius, computed now) and names the revision reviewed.
 */
export function DecideForm({ request, decision, onDone, onCancel }: { request: RequestView; decision: Decision; onDone: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const form = useForm({ resolver: useZodResolver(decisionForm), defaultValues: { note: "" } });
  const vars = { control: controlName(t, request.control), bank: bankName(locale, requestBank(request)), state: t(`controls.state.${request.toState}`) };
  const decide = useApiMutation({
    mutationFn: (v: z.output<typeof decisionForm>) =>
      sendJson<RequestView>(`/api/v1/control-requests/${request.id}/${decision}`, "POST", decision === "cancel" ? { note: v.note || undefined } : { revision: request.revision, note: v.note || undefined }),
    invalidate: [["controls"]],
    form,
    success: (r) =>
      decision === "approve"
        ? r.status === "approved" && r.scheduledFor
          ? t("controls.requests.approvedScheduled", { time: formatJst(r.scheduledFor) })
          : t("controls.requests.approved", vars)
        : decision === "reject"
          ? t("controls.requests.rejected")
          : t("controls.requests.cancelled"),
    onSuccess: onDone,
  });
  const label = decision === "approve" ? t("controls.requests.confirmApprove") : decision === "reject" ? t("controls.requests.confirmReject") : t("controls.requests.confirmCancel");
  return (
    <DialogForm
      onSubmit={form.handleSubmit((v) => decide.mutate(v))}
      footer={<DialogActions form={form} pending={decide.isPending} submitLabel={label} pendingLabel={label} destructive={decision !== "approve"} onCancel={onCancel} />}
    >
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="font-medium">{t("controls.requests.bank")}</dt>
        <dd>{bankName(locale, requestBank(request))}</dd>
        <dt className="font-medium">{t("controls.requests.change")}</dt>
        <dd className="flex flex-wrap items-center gap-1">
          {controlName(t, request.control)}: <StateBadge state={request.currentState} /> → <StateBadge state={request.toState} />
        </dd>
        <dt className="font-medium">{t("controls.requests.reason")}</dt>
        <dd>{request.reason}</dd>
        <dt className="font-medium">{t("controls.requests.requestedBy")}</dt>
        <dd>
          {personText(t, request.requestedBy)} · {formatJst(request.requestedAt)}
        </dd>
        <dt className="font-medium">{t("controls.requests.schedule")}</dt>
        <dd>{request.scheduledFor ? formatJst(request.scheduledFor) : t("controls.requests.atApproval")}</dd>
        <dt className="font-medium">{t("controls.requests.status")}</dt>
        <dd>
          {t(`controls.requests.statusName.${request.status}`)} · {t("controls.requests.revision", { revision: request.revision })}
        </dd>
      </dl>
      {decision === "approve" ? (
        <section aria-label={t("controls.requests.letThrough")} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <h3 className="text-sm font-semibold">{t("controls.requests.letThrough")}</h3>
          <BlastRadius target={{ bankCode: request.bankCode }} control={request.control} toState={request.toState} mode="loosen" />
        </section>
      ) : null}
      <FormField control={form.control} name="note" label={t("controls.requests.note")}>
        {(field, aria) => <Textarea {...field} {...aria} value={field.value ?? ""} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}
