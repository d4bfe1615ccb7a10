import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { T } from "./staff";

export const SEVERE = new Set(["serious", "critical"]);

/**
 * Results by page content, for this worker: another role that gets exactly the same page apart
 * from the sidebar and the header (scanned on that role's own home page) is not scanned again.
 */
const scannedContent = new Map<string, string[]>();
/** The paths whose colour contrast this worker has checked (for any role). */
const contrastChecked = new Set<string>();

async function contentKey(page: Page): Promise<string> {
  const content = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll("aside, header, script").forEach((n) => n.remove());
    return `${location.pathname}\n${document.title}\n${body.innerHTML}`;
  });
  return crypto.createHash("sha256").update(content).digest("hex");
}

/** The page's heading, and no list still loading (pages hand their first data to the client). */
export async function settled(page: Page, what = new URL(page.url()).pathname): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 }).first(), what).toBeVisible();
  await expect(page.locator('[aria-busy="true"]'), what).toHaveCount(0);
  await expect(page.getByText(T.en("common.loading"), { exact: true }), what).toHaveCount(0);
}

/** axe on the page as it stands; the serious and critical violations, described for the failure message. */
export async function severeViolations(page: Page, { reuse = false } = {}): Promise<string[]> {
  await settled(page);
  const key = reuse ? await contentKey(page) : null;
  const known = key ? scannedContent.get(key) : undefined;
  if (known) return known;
  // Only the violations are needed: axe skips collecting every passing node. Colour contrast, most
  // of axe's time on a long table, is a matter of the kit's styles, not of the role: checked on the
  // first visit of each path in this worker, the other rules on every visit.
  const path = new URL(page.url()).pathname;
  // A table's rows after the fifth are the same components with other data: not scanned again.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).exclude("tbody > tr:nth-child(n+6)");
  if (reuse && contrastChecked.has(path)) builder.disableRules(["color-contrast"]);
  contrastChecked.add(path);
  const result = await builder.analyze();
  const severe = result.violations
    .filter((v) => SEVERE.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
  if (key) scannedContent.set(key, severe);
  return severe;
}
