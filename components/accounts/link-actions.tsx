"use client";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { LinkDetail } from "@/lib/accounts/schemas";
import { useI18n } from "@/lib/i18n/client";
import type { LinkAction } from "./link-action-form";

// The dialog and its form (Radix's Dialog, react-hook-form, the resolver, zod, the mutation hook) load when it opens, not with the page (issue #13 §9).
const LinkActionDialog = dynamic(() => import("./link-action-form").then((m) => m.LinkActionDialog), { ssr: false });

/** Freeze or unfreeze (accounts.freeze) and open a case (cases.work), each in a dialog naming the link. */
export function LinkActions({ detail, canFreeze, canOpenCase }: { detail: LinkDetail; canFreeze: boolean; canOpenCase: boolean }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<LinkAction | null>(null);
  const link = detail.link;
  const names = {
    account: link.accountNumberMasked,
    holder: link.holderName,
    bank: `${locale === "ja" ? link.bankNameJa : link.bankNameEn} (${link.bankCode})`,
    wallet: link.walletId,
  };
  if (!canFreeze && !canOpenCase) return null;
  const text = {
    freeze: { title: t("accounts.actions.freezeTitle"), body: t("accounts.actions.freezeBody", names) },
    unfreeze: { title: t("accounts.actions.unfreezeTitle"), body: t("accounts.actions.unfreezeBody", names) },
    case: { title: t("accounts.actions.openCaseTitle"), body: t("accounts.actions.openCaseBody", names) },
  };
  return (
    <section aria-labelledby="link-actions" className="space-y-2">
      <h2 id="link-actions" className="text-lg font-semibold">
        {t("accounts.actions.title")}
      </h2>
      <div className="flex flex-wrap gap-2">
        {canFreeze && link.status === "active" ? (
          <Button type="button" variant="destructive" onClick={() => setOpen("freeze")}>
            {t("accounts.actions.freeze")}
          </Button>
        ) : null}
        {canFreeze && link.status === "frozen" ? (
          <Button type="button" variant="outline" onClick={() => setOpen("unfreeze")}>
            {t("accounts.actions.unfreeze")}
          </Button>
        ) : null}
        {canOpenCase ? (
          <Button type="button" variant="outline" onClick={() => setOpen("case")}>
            {t("accounts.actions.openCase")}
          </Button>
        ) : null}
      </div>
      {canFreeze && link.status === "removed" ? <p className="text-sm text-slate-600">{t("accounts.actions.removedNote")}</p> : null}
      {open ? <LinkActionDialog linkId={link.id} kind={open} title={text[open].title} body={text[open].body} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
