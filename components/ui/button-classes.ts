/**
 * The kit's button classes (button.tsx's variants are made of them), in a module of their own: an
 * error boundary styles its retry button with them without loading cva, cn() and Radix's Slot, which
 * its chunk would otherwise carry a second copy of on every page (issue #13 §9).
 */
export const BUTTON_BASE =
  "inline-flex shrink-0 items-center justify-center gap-1.5 whitespace-nowrap rounded-md text-sm font-medium transition-[color,background-color,box-shadow] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/20 [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4";

export const BUTTON_VARIANT = {
  default: "bg-primary text-primary-foreground shadow-xs hover:bg-brand-900",
  destructive: "bg-destructive text-destructive-foreground shadow-xs hover:bg-red-800 focus-visible:ring-destructive/30",
  outline: "border border-input bg-background shadow-xs hover:bg-accent hover:text-accent-foreground",
  secondary: "bg-secondary text-secondary-foreground shadow-xs hover:bg-slate-200",
  ghost: "hover:bg-accent hover:text-accent-foreground",
  link: "text-primary underline-offset-4 hover:underline",
} as const;

export const BUTTON_SIZE = {
  default: "h-9 px-3 py-2 has-[>svg]:px-2.5",
  sm: "h-8 gap-1 px-2.5 has-[>svg]:px-2",
  xs: "h-7 gap-1 px-2 text-xs has-[>svg]:px-1.5",
  icon: "size-9",
  "icon-sm": "size-8",
  "icon-xs": "size-7",
} as const;

/** A plain `<button>`'s classes for a variant at the default size (cva's join: these never conflict). */
export function plainButtonClasses(variant: keyof typeof BUTTON_VARIANT = "default"): string {
  return `${BUTTON_BASE} ${BUTTON_VARIANT[variant]} ${BUTTON_SIZE.default}`;
}
