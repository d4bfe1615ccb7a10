"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
import { Notice } from "@/components/ui/notice";
import { CONTROL_STATES, stateRank, type Control, type ControlStateName } from "@/lib/controls/schemas";
import { formatJst, fromJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { sendJson } from "./api";
import { CurrentState, DialogFooter, ReasonField, StateChoice, toError, useChangeSubmit } from "./change-form";
import { TextAreaField } from "./fields";
import { StateBadge } from "./state-badge";
import { bankName, controlName, failureText, fieldError, personText, requestBank } from "./text";
import type { BankControlsView, RequestView } from "./types";

/** "2020-09-14T16:00" for a datetime-local input, in Japan time. */
function jstInputValue(iso: string | null): string {
  return iso ? formatJst(iso).replace(" ", "T") : "";
}

/**
 * Asking for a loosening (or editing one's own request): the looser state, a reason, and an
 * optional time in Japan time. The request waits for a second person.
 */
export function LooseningForm({
  bank,
  control,
  request,
  onDone,
  onCancel,
}: {
  bank: BankControlsView;
  control: Control;
  request?: RequestView;
  onDone: (r: RequestView) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const current = bank[control].state;
  const looser = CONTROL_STATES.filter((s) => stateRank(s) < stateRank(current)).reverse();
  const [toState, setToState] = useState<ControlStateName | undefined>(request?.toState ?? looser.at(-1));
  const [reason, setReason] = useState(request?.reason ?? "");
  const [when, setWhen] = useState(jstInputValue(request?.scheduledFor ?? null));
  const { fields, failure, busy, send, refuse } = useChangeSubmit();

  if (!toState) return <Notice>{t("controls.loosen.nothingLooser")}</Notice>;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    let scheduledFor: string | null = null;
    try {
      scheduledFor = when ? fromJst(when.replace("T", " ")).toISOString() : null;
    } catch {
      refuse({ scheduledFor: { code: "invalid_format" } });
      return;
    }
    void send(async () => {
      const result = request
        ? await sendJson<RequestView>(`/api/v1/control-requests/${request.id}`, "PATCH", { revision: request.revision, toState, reason, scheduledFor })
        : await sendJson<RequestView>("/api/v1/control-requests", "POST", { bankCode: bank.bankCode, control, toState, reason, scheduledFor });
      onDone(result);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">{t("controls.loosen.intro")}</p>
      <CurrentState state={current} />
      <StateChoice legend={t("controls.loosen.toState")} states={looser} value={toState} onChange={setToState} error={fieldError(t, fields, "toState")} />
      <ReasonField label={t("controls.loosen.reason")} hint={t("controls.loosen.reasonHint")} required value={reason} onChange={setReason} fields={fields} />
      <Field
        label={t("controls.loosen.scheduledFor")}
        hint={t("controls.loosen.scheduledForHint")}
        name="scheduledFor"
        type="datetime-local"
        value={when}
        onChange={(e) => setWhen(e.target.value)}
        error={fieldError(t, fields, "scheduledFor")}
      />
      <DialogFooter failure={failure} onCancel={onCancel}>
        <Button type="submit" disabled={busy}>
          {busy ? t("controls.loosen.submitting") : request ? t("controls.loosen.save") : t("controls.loosen.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}

export type Decision = "approve" | "reject" | "cancel";

/** Approving, rejecting or withdrawing one request, with an optional note; approval names the revision reviewed. */
export function DecideForm({ request, decision, onDone, onCancel }: { request: RequestView; decision: Decision; onDone: (r: RequestView) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [note, setNote] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const body = decision === "cancel" ? { note: note || undefined } : { revision: request.revision, note: note || undefined };
      onDone(await sendJson<RequestView>(`/api/v1/control-requests/${request.id}/${decision}`, "POST", body));
    } catch (err) {
      const e = toError(err);
      setFailure(e.status === 409 && e.problems.revision ? t("controls.requests.stale") : failureText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const label =
    decision === "approve"
      ? t("controls.requests.confirmApprove", { revision: request.revision })
      : decision === "reject"
        ? t("controls.requests.confirmReject")
        : t("controls.requests.confirmCancel");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
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
      <TextAreaField label={t("controls.requests.note")} name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      <DialogFooter failure={failure} onCancel={onCancel}>
        <Button type="submit" variant={decision === "approve" ? "default" : "destructive"} disabled={busy}>
          {label}
        </Button>
      </DialogFooter>
    </form>
  );
}
