import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export const inputClasses =
  "h-9 w-full min-w-0 rounded-md border border-input bg-background px-3 py-1 text-sm shadow-xs transition-[color,box-shadow] outline-none placeholder:text-muted-foreground file:inline-flex file:h-7 file:border-0 file:bg-transparent file:text-sm file:font-medium focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/20";

export function Input({ className, type, ...props }: ComponentProps<"input">) {
  return <input type={type} data-slot="input" className={cn(inputClasses, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(inputClasses, "field-sizing-content h-auto min-h-16 py-2", className)} {...props} />;
}

/** A native select styled as an input: for short fixed lists inside forms (keyboard and screen readers for free). */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select data-slot="native-select" className={cn(inputClasses, "pr-8", className)} {...props} />;
}

/**
 * A whole number bound to a form field's number (`{...field}` of react-hook-form): an empty box is
 * NaN, which the schema refuses as not a number, never the string the browser holds.
 */
export function WholeNumberInput({ value, onChange, ...props }: Omit<ComponentProps<"input">, "value" | "onChange" | "type"> & { value: unknown; onChange: (value: number) => void }) {
  return (
    <Input
      {...props}
      type="number"
      inputMode="numeric"
      step={1}
      value={typeof value === "number" && Number.isFinite(value) ? String(value) : ""}
      onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
    />
  );
}
