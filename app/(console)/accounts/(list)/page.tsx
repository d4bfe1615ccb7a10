import { AccountsView } from "@/components/accounts/accounts-view";
import { pickSearch } from "@/components/accounts/search";
import { linkListQuery, type LinkPage } from "@/lib/accounts/schemas";
import { accountBankChoices, listLinks } from "@/lib/accounts/service";
import { requirePermission } from "@/lib/auth/page-guard";
import { AppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata() {
  const t = await getT();
  return { title: t("accounts.title") };
}

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("accounts.read");
  const t = await getT();
  const search = pickSearch(await searchParams);
  const parsed = linkListQuery.safeParse(search);
  let initialData: LinkPage | undefined;
  if (parsed.success) {
    try {
      initialData = await listLinks(actor, parsed.data);
    } catch (e) {
      // A refused filter (an unknown bank code): the client asks the API and shows why, next to the field.
      if (!(e instanceof AppError)) throw e;
    }
  }
  const banks = await accountBankChoices(actor);
  return (
    <div className="space-y-4">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("accounts.title")}</h1>
        <p className="text-slate-700">{t("accounts.intro")}</p>
        <p className="text-sm text-slate-600">{actor.bankId ? t("accounts.scope.bank") : t("accounts.scope.all")}</p>
      </div>
      <AccountsView search={search} initialData={initialData} banks={banks} />
    </div>
  );
}
