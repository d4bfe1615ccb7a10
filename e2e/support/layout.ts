import { expect, type Page } from "@playwright/test";
import { hasPermission } from "@/lib/auth/policy";
import { navFor } from "@/lib/nav";
import { settled } from "./axe";
import type { DemoUser } from "./staff";

/** The widths the console must fit without scrolling sideways (#13 §7). */
export const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const;

/** Home and the sidebar's pages of a role. */
export function sidebarPagesOf(user: DemoUser): string[] {
  return ["/", ...navFor(user.roles).map((e) => e.href)];
}

/** Home, the sidebar's pages, and one detail page of each kind the role may open. */
export async function pagesOf(page: Page, user: DemoUser): Promise<string[]> {
  const paths = sidebarPagesOf(user);
  if (hasPermission(user.roles, "controls.read")) paths.push(`/controls/${user.org === "carrier" ? "0101" : user.org}`);
  if (hasPermission(user.roles, "accounts.read")) {
    const res = await page.request.get("/api/v1/accounts?limit=1");
    expect(res.ok()).toBe(true);
    const first = ((await res.json()) as { items: { id: string }[] }).items[0];
    if (first) paths.push(`/accounts/${first.id}`);
  }
  return paths;
}

/** How wide the page is, beside the window. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** Opens a page and waits for its heading and its first data (the same wait as axe's, e2e/support/axe.ts). */
export async function open(page: Page, path: string): Promise<void> {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  await settled(page, path);
}
