import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";
import { Label } from "./label";

/**
 * shadcn's Field parts: a label, its control, a description and an error under it. The invalid
 * look comes from the control's aria-invalid (and the Field's data-invalid), never from a class the
 * caller adds. With react-hook-form use FormField (components/ui/form.tsx), which wires these up.
 */
export function Field({ className, orientation = "vertical", ...props }: ComponentProps<"div"> & { orientation?: "vertical" | "horizontal" }) {
  return (
    <div
      role="group"
      data-slot="field"
      data-orientation={orientation}
      className={cn(
        "group/field flex w-full gap-1.5 data-[invalid=true]:text-destructive",
        orientation === "vertical" ? "flex-col" : "flex-row items-center [&>[data-slot=field-label]]:flex-auto",
        "*:data-[slot=input]:w-full *:data-[slot=select-trigger]:w-full",
        className,
      )}
      {...props}
    />
  );
}

export function FieldLabel({ className, ...props }: ComponentProps<typeof Label>) {
  return <Label data-slot="field-label" className={cn("w-fit leading-snug group-data-[invalid=true]/field:text-destructive", className)} {...props} />;
}

export function FieldDescription({ className, ...props }: ComponentProps<"p">) {
  return <p data-slot="field-description" className={cn("text-xs font-normal text-muted-foreground", className)} {...props} />;
}

/** The field's error; the control names it in aria-describedby, so it is read with the control. */
export function FieldError({ className, children, ...props }: ComponentProps<"p">) {
  if (!children) return null;
  return (
    <p data-slot="field-error" className={cn("text-sm font-normal text-destructive", className)} {...props}>
      {children}
    </p>
  );
}

export function FieldGroup({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="field-group" className={cn("flex w-full flex-col gap-4", className)} {...props} />;
}

export function FieldSet({ className, ...props }: ComponentProps<"fieldset">) {
  return <fieldset data-slot="field-set" className={cn("flex flex-col gap-2", className)} {...props} />;
}

export function FieldLegend({ className, ...props }: ComponentProps<"legend">) {
  return <legend data-slot="field-legend" className={cn("mb-1 text-sm font-medium text-slate-800", className)} {...props} />;
}
