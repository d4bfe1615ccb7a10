"use client";
import dynamic from "next/dynamic";
import type { Control } from "@/lib/controls/constants";
import { useI18n } from "@/lib/i18n/client";
import { FormDialog } from "@/components/ui/form-dialog";
import type { Decision } from "./request-forms";
import { bankName, controlName, requestBank } from "./text";
import type { BankControlsView, RequestView } from "./types";

// The forms (react-hook-form, the resolver, zod) load when a dialog opens, not with the page (issue #13 §9).
const TightenForm = dynamic(() => import("./tighten-dialog").then((m) => m.TightenForm), { ssr: false });
const LooseningForm = dynamic(() => import("./request-forms").then((m) => m.LooseningForm), { ssr: false });
const DecideForm = dynamic(() => import("./request-forms").then((m) => m.DecideForm), { ssr: false });

/** What a dialog of the controls is open for. */
export type OpenAction =
  | { kind: "tighten"; bank: BankControlsView; control: Control }
  | { kind: "loosen"; bank: BankControlsView; control: Control; request?: RequestView }
  | { kind: "decide"; request: RequestView; decision: Decision }
  | null;

/** The dialog of one change (tighten, ask to loosen or edit the request, decide on a request), on the board and on a bank's page. */
export function ActionDialog({ open, viewerIsCarrier, onClose }: { open: OpenAction; viewerIsCarrier: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const title = !open
    ? ""
    : open.kind === "tighten"
      ? t("controls.tighten.title", { control: controlName(t, open.control), bank: bankName(locale, open.bank) })
      : open.kind === "loosen"
        ? t(open.request ? "controls.loosen.editTitle" : "controls.loosen.title", { control: controlName(t, open.control), bank: bankName(locale, open.bank) })
        : t("controls.requests.decideTitle", {
            action: t(open.decision === "approve" ? "controls.requests.approve" : open.decision === "reject" ? "controls.requests.reject" : "controls.requests.cancel"),
            control: controlName(t, open.request.control),
            bank: bankName(locale, requestBank(open.request)),
            state: t(`controls.state.${open.request.toState}`),
          });
  return (
    <FormDialog open={open !== null} onOpenChange={(o) => (o ? undefined : onClose())} title={title} wide={open?.kind === "tighten" || (open?.kind === "decide" && open.decision === "approve")}>
      {open?.kind === "tighten" ? (
        <TightenForm bank={open.bank} control={open.control} onCancel={onClose} onDone={onClose} />
      ) : open?.kind === "loosen" ? (
        <LooseningForm bank={open.bank} control={open.control} request={open.request} viewerIsCarrier={viewerIsCarrier} onCancel={onClose} onDone={onClose} />
      ) : open?.kind === "decide" ? (
        <DecideForm request={open.request} decision={open.decision} onCancel={onClose} onDone={onClose} />
      ) : null}
    </FormDialog>
  );
}
