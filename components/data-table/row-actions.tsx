"use client";
import { Ellipsis } from "lucide-react";
import dynamic from "next/dynamic";
import { createContext, useContext, useState, type ComponentProps, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** One item of a row's menu: an action (`onSelect`) or a link (`href`); a separator goes before it when `separatorBefore`. */
export type RowAction = { key: string; label: string; icon?: ReactNode; onSelect?: () => void; href?: string; destructive?: boolean; separatorBefore?: boolean };

export type RowActionsProps = { label: string; name: string; className?: string; actions: RowAction[] };

// The menu (Radix's DropdownMenu and its positioning, about 20 kB) loads on the row's first press, not with the page (issue #13 §9).
const loadMenu = () => import("./row-actions-menu").then((m) => m.RowActionsMenu);
const Pending = createContext("");
const RowActionsMenu = dynamic(loadMenu, { ssr: false, loading: () => <LoadingMenuButton /> });

function LoadingMenuButton() {
  return <MenuButton label={useContext(Pending)} busy />;
}

function MenuButton({ label, busy, ...props }: { label: string; busy?: boolean } & ComponentProps<"button">) {
  return (
    <Button variant="ghost" size="icon-xs" aria-label={label} aria-haspopup="menu" aria-expanded={false} aria-busy={busy || undefined} {...props}>
      <Ellipsis aria-hidden />
    </Button>
  );
}

/**
 * A row's actions behind one ghost "…" button (named for the row: "Actions for 山田 太郎"), the
 * row's name on top of the menu, then `actions`: no button repeated per row, the dangerous item red
 * and last. Until it is first pressed (click, Enter, Space or ↓) the button is a plain one; the
 * menu then loads and opens at once, focus in it, and returns to the button when it closes.
 */
export function RowActions(props: RowActionsProps) {
  const [wanted, setWanted] = useState(false);
  if (wanted)
    return (
      <Pending value={props.label}>
        <RowActionsMenu {...props} defaultOpen />
      </Pending>
    );
  return (
    <MenuButton
      label={props.label}
      onClick={() => setWanted(true)}
      onKeyDown={(e) => {
        if (e.key === "ArrowDown") {
          e.preventDefault();
          setWanted(true);
        }
      }}
      onPointerEnter={() => void loadMenu()}
      onFocus={() => void loadMenu()}
    />
  );
}
