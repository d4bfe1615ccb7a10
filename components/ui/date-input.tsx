"use client";
import { useState, type ComponentProps } from "react";
import { cn } from "@/lib/utils";
import { Input } from "./input";

/** "20200904", "2020-09-04" or "2020/9/4…" as typed → "2020/09/04" as far as it goes. */
export function maskDate(typed: string): string {
  const digits = typed.replace(/\D/g, "").slice(0, 8);
  return [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].filter(Boolean).join("/");
}

/** "2020/09/04" → "2020-09-04" (the API's calendar date); anything else as typed, for the API to refuse next to the field. */
export function isoDate(shown: string): string {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(shown);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : shown.trim();
}

/**
 * A calendar date typed as yyyy/mm/dd, the way Japanese screens write it, whatever the browser's
 * locale (a native date input shows mm/dd/yyyy in an English-locale browser): digits only, the
 * slashes put in as one types. The form receives `name` as yyyy-mm-dd, what the list APIs take.
 */
export function DateInput({ name, defaultValue, className, ...props }: Omit<ComponentProps<"input">, "type" | "value" | "onChange" | "defaultValue"> & { name: string; defaultValue?: string }) {
  const [shown, setShown] = useState(() => maskDate(defaultValue ?? ""));
  return (
    <>
      <Input
        {...props}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="yyyy/mm/dd"
        maxLength={10}
        value={shown}
        onChange={(e) => setShown(maskDate(e.target.value))}
        className={cn("tabular-nums", className)}
      />
      <input type="hidden" name={name} value={isoDate(shown)} />
    </>
  );
}
