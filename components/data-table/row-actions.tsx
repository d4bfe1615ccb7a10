"use client";
import { Ellipsis } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/**
 * A row's actions behind one ghost "…" button (named for the row: "Actions for 山田 太郎"), the
 * row's name on top of the menu, then the caller's DropdownMenuItems: no button repeated per row,
 * the dangerous item red and last.
 */
export function RowActions({ label, name, className = "min-w-52", children }: { label: string; name: string; className?: string; children: ReactNode }) {
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-xs" aria-label={label}>
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className={className}>
        <DropdownMenuLabel className="text-xs font-normal text-slate-600">{name}</DropdownMenuLabel>
        {children}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
