"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Fragment } from "react";
import { Breadcrumb, BreadcrumbItem, BreadcrumbLink, BreadcrumbList, BreadcrumbPage, BreadcrumbSeparator } from "@/components/ui/breadcrumb";
import { useT } from "@/lib/i18n/client";
import type { MessageKey, Translate } from "@/lib/i18n/types";
import { useCrumbLabel } from "./crumb";

export interface ShellEntry {
  href: string;
  label: MessageKey;
  /** A page of the section before it (drawn under it in the sidebar). */
  sub?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the segment under a section names, by section, until its page names it (CrumbLabel): a link's page, a bank's controls, a case. */
const DETAIL: Record<string, (segment: string, t: Translate) => string> = {
  "/accounts": (_, t) => t("shell.crumb.link"),
  "/controls": (code, t) => t("shell.crumb.bank", { code }),
  // A case opened by its id: "Case" until its page names it by its reference (never the id).
  "/cases": (segment, t) => (segment === "rules" ? t("shell.crumb.caseRules") : UUID.test(segment) ? t("shell.crumb.case") : segment),
};

interface Crumb {
  href: string;
  label: string;
}

/**
 * Home › section › detail, from the URL and the sidebar's entries; the detail by the name its page
 * gives (a bank's name, not its code). Every console page but home
 * sits under a sidebar entry, so a path under none of the role's entries is the not-found page.
 */
export function Breadcrumbs({ entries }: { entries: ShellEntry[] }) {
  const t = useT();
  const path = usePathname();
  const named = useCrumbLabel(path);
  const crumbs: Crumb[] = [{ href: "/", label: t("shell.nav.home") }];
  if (path !== "/") {
    const section = entries.find((e) => path === e.href || path.startsWith(`${e.href}/`));
    if (!section) crumbs.push({ href: path, label: t("common.notFound") });
    else {
      crumbs.push({ href: section.href, label: t(section.label) });
      const rest = path.slice(section.href.length).split("/").filter(Boolean);
      if (rest.length > 0) {
        const segment = decodeURIComponent(rest[0]!);
        crumbs.push({ href: path, label: named ?? DETAIL[section.href]?.(segment, t) ?? segment });
      }
    }
  }
  return (
    <Breadcrumb aria-label={t("shell.breadcrumb")} className="min-w-0">
      <BreadcrumbList>
        {crumbs.map((c, i) => (
          <Fragment key={c.href}>
            {i > 0 ? <BreadcrumbSeparator /> : null}
            <BreadcrumbItem>
              {i === crumbs.length - 1 ? (
                <BreadcrumbPage>{c.label}</BreadcrumbPage>
              ) : (
                <BreadcrumbLink asChild>
                  <Link href={c.href}>{c.label}</Link>
                </BreadcrumbLink>
              )}
            </BreadcrumbItem>
          </Fragment>
        ))}
      </BreadcrumbList>
    </Breadcrumb>
  );
}
