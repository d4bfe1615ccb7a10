import { notFound } from "next/navigation";
import { LinkView } from "@/components/accounts/link-view";
import { linkTransactionsQuery } from "@/lib/accounts/schemas";
import { getLink, listLinkTransactions } from "@/lib/accounts/service";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { NotFound } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";

export async function generateMetadata() {
  const t = await getT();
  return { title: t("accounts.title") };
}

export default async function LinkPage({ params }: { params: Promise<{ linkId: string }> }) {
  const actor = await requirePermission("accounts.read");
  const { linkId } = await params;
  const loaded = await Promise.all([getLink(actor, linkId), listLinkTransactions(actor, linkId, linkTransactionsQuery.parse({}))]).catch((e: unknown) => {
    // Another bank's link, or none: the same "not found" as the API.
    if (e instanceof NotFound) notFound();
    throw e;
  });
  const [detail, transactions] = loaded;
  return (
    <LinkView
      linkId={detail.link.id}
      initialData={detail}
      initialTransactions={transactions}
      canFreeze={can(actor, "accounts.freeze")}
      canOpenCase={can(actor, "cases.work")}
    />
  );
}
