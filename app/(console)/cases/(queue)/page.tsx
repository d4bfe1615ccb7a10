import { redirect } from "next/navigation";
import { connection } from "next/server";
import { QueueFilters } from "@/components/cases/queue/queue-filters";
import { QueueView } from "@/components/cases/queue/queue-view";
import { PAGE_SIZES, pickQueueSearch, queueHref, withoutCursor } from "@/components/cases/queue/search";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { listCases } from "@/lib/cases/list";
import { queueChoices } from "@/lib/cases/queue-choices";
import { caseListQuery, type CasePage } from "@/lib/cases/schemas";
import { listViews } from "@/lib/cases/views";
import { AppError, issueProblem } from "@/lib/errors";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { getLocale, getT } from "@/lib/i18n/server";

/** The instant the page's due tags count from. */
const clock = () => Date.now();

export async function generateMetadata() {
  const t = await getT();
  return { title: t("cases.queue.title") };
}

/**
 * The investigators' queue: the URL's page, the person's views and the filters' choices prefetched
 * with the services; react-query keeps the rows fresh against /api/v1/cases. The filters' form is
 * rendered here (no script): what it submits comes back with its empty fields, which are dropped.
 */
export default async function CasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("cases.read");
  await connection();
  const raw = await searchParams;
  const search = pickQueueSearch(raw);
  if (search.limit === PAGE_SIZES[0]) delete search.limit;
  // A submitted filter form: the URL without its empty fields and the default page size.
  if (Object.values(raw).some((v) => v === "" || (Array.isArray(v) && v.includes(""))) || raw.limit === PAGE_SIZES[0]) redirect(queueHref(search));

  const [t, locale] = await Promise.all([getT(), getLocale()]);
  const now = clock();
  const errors: Record<string, string> = {};
  const parsed = caseListQuery.safeParse(search);
  let initialData: CasePage | undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "q")] ??= fieldErrorText(t, issueProblem(issue));
  } else {
    try {
      initialData = await listCases(actor, parsed.data, { now: new Date(now) });
    } catch (e) {
      // A refused filter (an unknown incident, another bank): said under its field.
      if (!(e instanceof AppError)) throw e;
      for (const [field, problem] of Object.entries(e.fields ?? {})) errors[field] = fieldErrorText(t, problem);
    }
  }
  const [views, choices] = await Promise.all([listViews(actor), queueChoices(actor)]);
  const filters = withoutCursor(search);
  return (
    <div className="space-y-4">
      <div className="max-w-4xl space-y-1">
        <h1 className="text-2xl font-bold">{t("cases.queue.title")}</h1>
        <p className="text-sm text-slate-700">{t("cases.queue.intro")}</p>
        <p className="text-sm text-slate-600">{actor.bankId ? t("cases.queue.scopeBank") : t("cases.queue.scopeAll")}</p>
      </div>
      <QueueView
        search={search}
        filtersForm={<QueueFilters key={queueHref(filters)} search={filters} choices={choices} errors={errors} t={t} locale={locale} />}
        initialData={initialData}
        initialViews={views}
        choices={choices}
        canWork={can(actor, "cases.work")}
        meId={actor.userId}
        now={now}
      />
    </div>
  );
}
