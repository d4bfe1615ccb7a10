import type { Role } from "@/db/schema";
import { hasPermission, type Permission } from "@/lib/auth/policy";
import type { MessageKey } from "@/lib/i18n/types";

export interface NavEntry {
  href: string;
  label: MessageKey;
  permission: Permission;
  /** Shown under the entry before it (a page of that section). */
  sub?: boolean;
}

/** The sidebar: an entry shows when the role holds its permission (the page checks again in lib/). */
export const NAV: NavEntry[] = [
  { href: "/accounts", label: "shell.nav.accounts", permission: "accounts.read" },
  { href: "/controls", label: "shell.nav.controls", permission: "controls.read" },
  { href: "/cases", label: "shell.nav.cases", permission: "cases.read" },
  { href: "/cases/rules", label: "shell.nav.caseRules", permission: "rules.read", sub: true },
  { href: "/incidents", label: "shell.nav.incidents", permission: "cases.read" },
  { href: "/reimbursements", label: "shell.nav.reimbursements", permission: "reimbursements.read" },
  { href: "/analytics", label: "shell.nav.analytics", permission: "analytics.read" },
  { href: "/audit", label: "shell.nav.audit", permission: "audit.read" },
  { href: "/admin", label: "shell.nav.admin", permission: "users.manage" },
];

export function navFor(roles: readonly Role[]): NavEntry[] {
  return NAV.filter((e) => hasPermission(roles, e.permission));
}
