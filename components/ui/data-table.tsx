import type { ReactNode } from "react";

/** One column header: its label (a `<span className="sr-only">` for a header only read aloud), alignment and extra classes (a width). */
export type DataTableColumn = { label: ReactNode; align?: "right"; className?: string };

/** The standard body cell; a caller appends its own classes (`${cell} font-mono`). */
export const cell = "px-3 py-2 align-top";

/**
 * The one table scaffolding of the console: a scrolling bordered box (positioned, so the screen-reader-only
 * labels inside a wide table scroll with it instead of widening the page), a caption for screen readers,
 * the column headers, and a body for the caller's own rows (`<tr>`, `<td>`, `<th scope="row">`).
 */
export function DataTable({ caption, columns, children, testId }: { caption: ReactNode; columns: DataTableColumn[]; children: ReactNode; testId?: string }) {
  return (
    <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={`px-3 py-2 ${c.align === "right" ? "text-right" : "text-left"} text-xs font-semibold text-slate-700${c.className ? ` ${c.className}` : ""}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
