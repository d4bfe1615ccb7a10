"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { AuditBank, AuditItem } from "@/lib/audit/schemas";
import { Badge } from "@/components/ui/badge";
import { useI18n, useT } from "@/lib/i18n/client";
import type { Locale, MessageKey, Translate } from "@/lib/i18n/types";

/** "三井住友銀行（0009）" / "Bank A (0101)". */
export function bankName(t: Translate, locale: Locale, b: AuditBank): string {
  return t("audit.entity.bankNamed", { name: locale === "ja" ? b.nameJa : b.nameEn, code: b.code });
}

const linkClass = "text-brand-700 underline underline-offset-2 hover:text-brand-900 focus-visible:outline-2 focus-visible:outline-brand-600";

function MaybeLink({ href, children }: { href: string | null; children: ReactNode }) {
  return href ? (
    <Link href={href} className={linkClass}>
      {children}
    </Link>
  ) : (
    <>{children}</>
  );
}

/** Who did it, on one line: the person's name and e-mail, an API key by name, the system's job, or the e-mail typed at a failed sign-in. */
export function ActorWords({ e }: { e: AuditItem }) {
  const t = useT();
  let main: ReactNode;
  let sub: string | null = null;
  if (e.actorApiKeyId) {
    main = (
      <>
        <Badge variant="outline" className="mr-1">
          {t("audit.table.apiKey")}
        </Badge>
        {e.actorName ?? e.actorLabel.replace(/^api-key:/, "")}
      </>
    );
  } else if (e.actorLabel.startsWith("system:")) {
    const job = e.actorLabel === "system:seed" ? "seed" : e.actorLabel === "system:control-scheduler" ? "scheduler" : "system";
    main = t(`audit.actor.${job}` as MessageKey);
  } else if (e.actorName) {
    main = e.actorName;
    sub = e.actorLabel;
  } else {
    // A failed sign-in for an e-mail nobody has, or a person outside the reader's view: the e-mail as recorded.
    main = e.actorLabel;
  }
  return (
    <span className="block truncate" title={sub ? `${e.actorName} (${sub})` : undefined}>
      <span className="font-medium text-slate-900">{main}</span>
      {sub ? <span className="ml-1.5 text-xs text-slate-600">{sub}</span> : null}
    </span>
  );
}

/** What the entry is about, on one line in words, linked to its page when the reader may open it. */
export function SubjectWords({ e }: { e: AuditItem }) {
  const { t, locale } = useI18n();
  const s = e.entity;
  const kind = t(`audit.entity.${s.type}` as MessageKey);
  const bank = s.bank ? bankName(t, locale, s.bank) : null;
  const control = s.control ? t(`audit.value.control.${s.control}` as MessageKey) : null;
  let main: ReactNode;
  let sub: string | null = null;
  if ((s.type === "bank_control" || s.type === "control_change_request") && bank && control) {
    main = <MaybeLink href={s.href}>{t("audit.entity.controlAt", { control, bank })}</MaybeLink>;
    sub = s.type === "control_change_request" ? kind : null;
  } else if (s.name) {
    main = (
      <>
        <span className="text-slate-600">{kind}: </span>
        <MaybeLink href={s.href}>{s.name}</MaybeLink>
      </>
    );
    sub = [s.detail, bank].filter(Boolean).join(" · ") || null;
  } else {
    main = <MaybeLink href={s.href}>{kind}</MaybeLink>;
    sub = bank;
  }
  return (
    <span className="block truncate">
      {main}
      {sub ? <span className="ml-1.5 text-xs text-slate-600">{sub}</span> : null}
    </span>
  );
}
