"use client";
import { History, ShieldAlert, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { RowActions } from "@/components/data-table/row-actions";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
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
  const tightens = allowed.filter((a) => a.tighten);
  const loosens = allowed.filter((a) => a.loosen);
  return (
    <RowActions label={t("controls.actions.menu", { bank: name })} name={name} className="min-w-64">
        {tightens.map((a) => (
          <DropdownMenuItem key={`t-${a.control}`} onSelect={() => onAction({ kind: "tighten", bank, control: a.control })}>
            <ShieldAlert aria-hidden className="text-red-700" />
            {t("controls.actions.tightenControl", { control: controlName(t, a.control) })}
          </DropdownMenuItem>
        ))}
        {loosens.length ? <DropdownMenuSeparator /> : null}
        {loosens.map((a) => (
          <DropdownMenuItem key={`l-${a.control}`} onSelect={() => onAction({ kind: "loosen", bank, control: a.control })}>
            <ShieldCheck aria-hidden />
            {t("controls.actions.requestLooseningControl", { control: controlName(t, a.control) })}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href={`/controls/${bank.bankCode}`}>
            <History aria-hidden />
            {t("controls.actions.openBank")}
          </Link>
        </DropdownMenuItem>
    </RowActions>
  );
}
