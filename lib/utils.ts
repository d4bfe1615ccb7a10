import { clsx, type ClassValue } from "clsx";
import { mergeClasses } from "./class-merge";

/** Class names joined, later Tailwind classes winning over earlier ones (lib/class-merge.ts, tailwind-merge's rule). */
export function cn(...inputs: ClassValue[]): string {
  return mergeClasses(clsx(inputs));
}
