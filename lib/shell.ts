/**
 * The sidebar's state: the user's choice in a cookie the console layout reads (so the first paint is
 * right), or none ("auto"): a rail of icons below SIDEBAR_NARROW_PX, names beside them above.
 * app/globals.css's `rail:` variant says the same width in CSS.
 */
export const SIDEBAR_COOKIE = "lg_sidebar";
export const SIDEBAR_NARROW_PX = 1100;
export const SIDEBAR_NARROW_QUERY = `(width < ${SIDEBAR_NARROW_PX}px)`;

export type SidebarPreference = "auto" | "collapsed" | "expanded";

export function sidebarPreference(cookie: string | undefined): SidebarPreference {
  return cookie === "collapsed" || cookie === "expanded" ? cookie : "auto";
}
