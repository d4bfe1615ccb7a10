"use client";
import { History, ShieldAlert, ShieldCheck } from "lucide-react";
import { RowActions, type RowAction } from "@/components/data-table/row-actions";
import { CONTROLS, type Control } from "@/lib/controls/constants";
import { useI18n } from "@/lib/i18n/client";
import { bankName, controlName } from "./text";
import type { BankControlsView, ControlsResponse } from "./types";

export type ControlAction = { kind: "tighten" | "loosen"; bank: BankControlsView; control: Control };

/** What the viewer may do with one control of one bank (the same rule the bank's page shows as buttons). */
export function allowedActions(viewer: ControlsResponse["viewer"], bank: BankControlsView, control: Control) {
  const v = bank[control];
  const waiting = bank.openRequests.some((r) => r.control === control);
  return {
    tighten: viewer.canTighten && bank.canChange && v.state !== "suspended",
    loosen: viewer.canRequestLoosening && bank.canChange && v.state !== "open" && !waiting,
  };
}

/** A bank's actions in the matrix: tighten or ask to loosen each control, and the bank's page. */
export function RowMenu({ bank, viewer, onAction }: { bank: BankControlsView; viewer: ControlsResponse["viewer"]; onAction: (a: ControlAction) => void }) {
  const { t, locale } = useI18n();
  const name = bankName(locale, bank);
  const allowed = CONTROLS.map((c) => ({ control: c, ...allowedActions(viewer, bank, c) }));
  const actions: RowAction[] = [
    ...allowed
      .filter((a) => a.tighten)
      .map((a) => ({
        key: `t-${a.control}`,
        label: t("controls.actions.tightenControl", { control: controlName(t, a.control) }),
        icon: <ShieldAlert aria-hidden className="text-red-700" />,
        onSelect: () => onAction({ kind: "tighten", bank, control: a.control }),
      })),
    ...allowed
      .filter((a) => a.loosen)
      .map((a, i) => ({
        key: `l-${a.control}`,
        label: t("controls.actions.requestLooseningControl", { control: controlName(t, a.control) }),
        icon: <ShieldCheck aria-hidden />,
        onSelect: () => onAction({ kind: "loosen", bank, control: a.control }),
        separatorBefore: i === 0,
      })),
    { key: "open", label: t("controls.actions.openBank"), icon: <History aria-hidden />, href: `/controls/${bank.bankCode}`, separatorBefore: true },
  ];
  return <RowActions label={t("controls.actions.menu", { bank: name })} name={name} className="min-w-64" actions={actions} />;
}
