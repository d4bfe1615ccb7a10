import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Class names joined, later Tailwind classes winning over earlier ones (twMerge over clsx). */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
