import { signOutAction } from "@/app/(console)/actions";
import type { StaffActor } from "@/lib/auth/actor";
import { getLocale, getT } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/types";
import { LanguageSwitch } from "./language-switch";

/** Name, organisation, roles, language and sign-out: a disclosure that works without script. */
export async function UserMenu({ actor }: { actor: StaffActor }) {
  const t = await getT();
  const locale = await getLocale();
  const org = locale === "ja" ? actor.orgNameJa : actor.orgNameEn;
  return (
    <details className="relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
        data-testid="user-menu"
      >
        {/* Not aria-label: the accessible name must contain the visible text (WCAG 2.5.3, label in name). */}
        <span className="sr-only">{t("shell.userMenu")}: </span>
        <span className="font-medium">{actor.displayName}</span>
        <span className="text-slate-600">· {org}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-72 space-y-3 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg">
        <dl className="space-y-1">
          <div>
            <dt className="text-xs text-slate-600">{actor.email}</dt>
            <dd className="font-medium">{actor.displayName}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t("shell.organisation")}</dt>
            <dd data-testid="user-org">
              {org}
              {actor.bankCode ? ` (${actor.bankCode})` : ` (${t("shell.carrier")})`}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t("shell.roles")}</dt>
            <dd data-testid="user-roles">{actor.roles.map((r) => t(`shell.role.${r}` as MessageKey)).join(", ")}</dd>
          </div>
        </dl>
        <div className="flex items-center justify-between">
          <span className="text-xs text-slate-600">{t("shell.language")}</span>
          <LanguageSwitch />
        </div>
        <form action={signOutAction}>
          <button type="submit" className="w-full rounded-md border border-slate-300 px-3 py-2 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600">
            {t("shell.signOut")}
          </button>
        </form>
      </div>
    </details>
  );
}
