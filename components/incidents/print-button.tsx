"use client";
import { PrinterIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The browser's print dialog (the report's print stylesheet sets A4). */
export function PrintButton({ label }: { label: string }) {
  return (
    <Button type="button" onClick={() => window.print()} data-testid="report-print">
      <PrinterIcon aria-hidden />
      {label}
    </Button>
  );
}
