"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { REASON_MAX } from "@/lib/accounts/constants";
import type { FreezeResult, LinkDetail, OpenCaseResult } from "@/lib/accounts/schemas";
import { useI18n } from "@/lib/i18n/client";
import { ApiError, postJson } from "./api";
import { fieldErrorText, problemText } from "@/lib/i18n/problem-text";

type Dialog = "freeze" | "unfreeze" | "case" | null;

/** Freeze or unfreeze (accounts.freeze) and open a case (cases.work), each behind a dialog naming the link. */
export function LinkActions({ detail, canFreeze, canOpenCase }: { detail: LinkDetail; canFreeze: boolean; canOpenCase: boolean }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ tone: "success" | "error"; message: string } | null>(null);
  const textId = useId();
  const link = detail.link;
  const names = {
    account: link.accountNumberMasked,
    holder: link.holderName,
    bank: `${locale === "ja" ? link.bankNameJa : link.bankNameEn} (${link.bankCode})`,
    wallet: link.walletId,
  };

  const mutation = useMutation({
    mutationFn: async (kind: Exclude<Dialog, null>) => {
      if (kind === "case") return postJson<OpenCaseResult>(`/api/v1/links/${link.id}/cases`, { note: text });
      return postJson<FreezeResult>(`/api/v1/links/${link.id}/${kind}`, { reason: text });
    },
    onSuccess: async (data, kind) => {
      setDialog(null);
      setText("");
      setResult({
        tone: "success",
        message: kind === "case" ? t((data as OpenCaseResult).created ? "accounts.actions.caseOpened" : "accounts.actions.caseAddedTo", { reference: (data as OpenCaseResult).reference }) : kind === "freeze" ? t("accounts.actions.frozen") : t("accounts.actions.unfrozen"),
      });
      await Promise.all([queryClient.invalidateQueries({ queryKey: ["link", link.id] }), queryClient.invalidateQueries({ queryKey: ["accounts"] })]);
    },
  });

  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fieldKey = dialog === "case" ? "note" : "reason";
  const problem = error?.problems[fieldKey];
  const fieldError = problem ? fieldErrorText(t, problem) : null;
  const generalError =
    error && !fieldError
      ? error.status === 409
        ? problemText(t, error)
        : t("accounts.actions.failed", { detail: error.status ? t("common.errorBody", { requestId: error.requestId ?? "—" }) : t("common.networkError") })
      : null;

  function open(kind: Exclude<Dialog, null>) {
    mutation.reset();
    setText("");
    setResult(null);
    setDialog(kind);
  }

  if (!canFreeze && !canOpenCase) return null;
  const removed = link.status === "removed";
  return (
    <section aria-labelledby="link-actions" className="space-y-2">
      <h2 id="link-actions" className="text-lg font-semibold">
        {t("accounts.actions.title")}
      </h2>
      <div className="flex flex-wrap gap-2">
        {canFreeze && link.status === "active" ? (
          <Button type="button" variant="destructive" onClick={() => open("freeze")}>
            {t("accounts.actions.freeze")}
          </Button>
        ) : null}
        {canFreeze && link.status === "frozen" ? (
          <Button type="button" variant="outline" onClick={() => open("unfreeze")}>
            {t("accounts.actions.unfreeze")}
          </Button>
        ) : null}
        {canOpenCase ? (
          <Button type="button" variant="outline" onClick={() => open("case")}>
            {t("accounts.actions.openCase")}
          </Button>
        ) : null}
      </div>
      {canFreeze && removed ? <p className="text-sm text-slate-600">{t("accounts.actions.removedNote")}</p> : null}
      {result ? <Notice tone={result.tone}>{result.message}</Notice> : null}

      <ConfirmDialog
        open={dialog !== null}
        title={dialog === "freeze" ? t("accounts.actions.freezeTitle") : dialog === "unfreeze" ? t("accounts.actions.unfreezeTitle") : t("accounts.actions.openCaseTitle")}
        confirmLabel={dialog === "freeze" ? t("accounts.actions.confirmFreeze") : dialog === "unfreeze" ? t("accounts.actions.confirmUnfreeze") : t("accounts.actions.confirmOpenCase")}
        cancelLabel={t("common.cancel")}
        closeLabel={t("common.close")}
        tone={dialog === "freeze" ? "danger" : "primary"}
        busy={mutation.isPending}
        busyLabel={t("accounts.actions.working")}
        error={generalError ? <Notice tone="error">{generalError}</Notice> : null}
        onConfirm={() => dialog && mutation.mutate(dialog)}
        onClose={() => {
          if (!mutation.isPending) setDialog(null);
        }}
      >
        <p>
          {dialog === "freeze"
            ? t("accounts.actions.freezeBody", names)
            : dialog === "unfreeze"
              ? t("accounts.actions.unfreezeBody", names)
              : t("accounts.actions.openCaseBody", names)}
        </p>
        <div className="space-y-1">
          <label htmlFor={textId} className="block text-sm font-medium text-slate-800">
            {dialog === "case" ? t("accounts.actions.note") : t("accounts.actions.reason")}
          </label>
          <textarea
            id={textId}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
            maxLength={dialog === "case" ? 2000 : REASON_MAX}
            required={dialog !== "case"}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={`${textId}-hint${fieldError ? ` ${textId}-error` : ""}`}
            className={`block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-brand-600 ${fieldError ? "border-red-600" : "border-slate-300"}`}
          />
          <p id={`${textId}-hint`} className="text-xs text-slate-600">
            {dialog === "case" ? "" : t("accounts.actions.reasonHint")}
          </p>
          {fieldError ? (
            <p id={`${textId}-error`} className="text-sm text-red-700">
              {fieldError}
            </p>
          ) : null}
        </div>
      </ConfirmDialog>
    </section>
  );
}
