import type { ReactNode } from "react";

type Tone = "green" | "slate" | "red" | "amber" | "blue";
const TONES: Record<Tone, string> = {
  green: "border-green-300 bg-green-50 text-green-900",
  slate: "border-slate-300 bg-slate-50 text-slate-800",
  red: "border-red-300 bg-red-50 text-red-900",
  amber: "border-amber-300 bg-amber-50 text-amber-900",
  blue: "border-blue-300 bg-blue-50 text-blue-900",
};

/** A short status word in a bordered pill: the word carries the meaning, the colour only helps. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>{children}</span>;
}

/** Several badges of one kind (a person's roles, a key's scopes) as a list, on one line (a table's row keeps its height). */
export function BadgeList({ tone, items }: { tone: Tone; items: { key: string; label: ReactNode }[] }) {
  return (
    <ul className="flex gap-1">
      {items.map((i) => (
        <li key={i.key}>
          <Badge tone={tone}>{i.label}</Badge>
        </li>
      ))}
    </ul>
  );
}
