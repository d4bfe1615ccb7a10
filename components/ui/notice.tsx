import type { ReactNode } from "react";

type Tone = "info" | "error" | "success" | "warning";
const TONES: Record<Tone, string> = {
  info: "border-blue-200 bg-blue-50 text-blue-900",
  error: "border-red-200 bg-red-50 text-red-900",
  success: "border-green-200 bg-green-50 text-green-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
};

/** A message box. Errors are announced (role=status keeps Next's own role=alert the only alert). */
export function Notice({ tone = "info", children, id }: { tone?: Tone; children: ReactNode; id?: string }) {
  return (
    <div id={id} role="status" aria-live={tone === "error" ? "assertive" : "polite"} className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>
      {children}
    </div>
  );
}
