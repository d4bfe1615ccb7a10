import { Skeleton } from "@/components/ui/skeleton";
import { getT } from "@/lib/i18n/server";

/** While the situation is read: the page's shape in grey, and the words for screen readers. */
export default async function Loading() {
  const t = await getT();
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-bold">{t("home.title")}</h1>
      <p className="sr-only">{t("home.loading")}</p>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}
