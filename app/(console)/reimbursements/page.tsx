import { connection } from "next/server";
import { ReimbursementsView } from "@/components/reimbursements/reimbursements-view";
import { apiSearch, pickSearch } from "@/components/reimbursements/search";
import { accountBankChoices } from "@/lib/accounts/service";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { listReimbursements } from "@/lib/reimbursements/list";
import { mayPay } from "@/lib/reimbursements/payouts";
import { listQuery, type ReimbursementPage } from "@/lib/reimbursements/schemas";

export async function generateMetadata() {
  const t = await getT();
  return { title: t("reimbursements.title") };
}

export default async function ReimbursementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requirePermission("reimbursements.read");
  const t = await getT();
  const search = pickSearch(await searchParams);
  // A manager lands on what waits for them; everyone else on every reimbursement.
  if (!search.queue && !search.status && can(actor, "reimbursements.decide")) search.queue = "waiting_for_me";
  const parsed = listQuery.safeParse(apiSearch(search));
  let initialData: ReimbursementPage | undefined;
  if (parsed.success) {
    try {
      initialData = await listReimbursements(actor, parsed.data);
    } catch (e) {
      // A refused filter: the client asks the API and shows why, next to the field.
      if (!(e instanceof AppError)) throw e;
    }
  }
  const banks = can(actor, "accounts.read") ? await accountBankChoices(actor) : [];
  return (
    <div className="space-y-4">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("reimbursements.title")}</h1>
        <p className="text-slate-700">{t("reimbursements.intro")}</p>
        <p className="text-sm text-slate-600">{actor.bankId ? t("reimbursements.scopeBank") : t("reimbursements.scopeAll")}</p>
      </div>
      <ReimbursementsView search={search} initialData={initialData} banks={banks} canPay={mayPay(actor)} />
    </div>
  );
}
