"use client";
import { useState, type ComponentType } from "react";

/**
 * `Loaded` (a next/dynamic dialog with an `open` prop) rendered from the first time `open` is true
 * on, and nothing before: a page does not fetch a dialog's frame (Radix's Dialog, its focus trap and
 * layers) with its first load but when it is first opened (issue #13 §9). Once loaded it stays
 * mounted, so it closes as before and gives the focus back where it was.
 */
export function onFirstOpen<P extends { open: boolean }>(Loaded: ComponentType<P>, name: string): ComponentType<P> {
  function OnFirstOpen(props: P) {
    const [wanted, setWanted] = useState(props.open);
    if (props.open && !wanted) setWanted(true);
    return wanted ? <Loaded {...props} /> : null;
  }
  OnFirstOpen.displayName = name;
  return OnFirstOpen;
}
