"use client";
import { Ellipsis } from "lucide-react";
import Link from "next/link";
import { Fragment } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { RowActionsProps } from "./row-actions";

/**
 * The row menu itself (Radix's DropdownMenu): loaded by RowActions on the row's first "…" press and
 * opened at once (`defaultOpen`), so no page carries Radix's menu in its first load (issue #13 §9).
 */
export function RowActionsMenu({ label, name, className = "min-w-52", actions, defaultOpen }: RowActionsProps & { defaultOpen?: boolean }) {
  return (
    <DropdownMenu modal={false} defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-xs" aria-label={label}>
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className={className}>
        <DropdownMenuLabel className="text-xs font-normal text-slate-600">{name}</DropdownMenuLabel>
        {actions.map((a) => (
          <Fragment key={a.key}>
            {a.separatorBefore ? <DropdownMenuSeparator /> : null}
            {a.href ? (
              <DropdownMenuItem asChild>
                <Link href={a.href}>
                  {a.icon}
                  {a.label}
                </Link>
              </DropdownMenuItem>
            ) : (
              <DropdownMenuItem variant={a.destructive ? "destructive" : "default"} onSelect={a.onSelect}>
                {a.icon}
                {a.label}
              </DropdownMenuItem>
            )}
          </Fragment>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
