import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * One figure of the home: the label as the card's description, the value as its title in
 * tabular figures, a footnote; the whole card links to the page behind the figure (when the viewer
 * may open it).
 */
export function StatCard({ label, value, unit, footnote, href, testId }: { label: string; value: string; unit?: string; footnote?: ReactNode; href?: string; testId?: string }) {
  const card = (
    <Card className={`h-full gap-2 py-3 ${href ? "transition-colors group-hover:border-brand-600 group-hover:bg-brand-50" : ""}`} data-testid={testId}>
      <CardHeader className="gap-1">
        <CardDescription className="text-slate-700">{label}</CardDescription>
        <CardTitle className="text-2xl font-bold tabular-nums">
          {value}
          {unit ? <span className="ml-1 inline-block text-sm font-medium whitespace-nowrap text-slate-700">{unit}</span> : null}
        </CardTitle>
      </CardHeader>
      {footnote ? <CardFooter className="text-xs text-slate-700">{footnote}</CardFooter> : null}
    </Card>
  );
  if (!href) return card;
  return (
    <Link href={href} className="group block h-full rounded-lg focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none">
      {card}
    </Link>
  );
}
