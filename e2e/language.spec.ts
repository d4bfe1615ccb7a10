import { expect, test, type Browser, type Page } from "@playwright/test";
import { T, storageStateOf } from "./support/staff";

// The prepared sessions carry lg_locale=en; these tests take it away or change it.
const OPERATOR = storageStateOf("operator@carrier.demo");

/** A signed-in browser whose language (sent as Accept-Language) is `browserLocale`, with or without the cookie. */
async function contextWith(browser: Browser, { cookie, browserLocale = "fr-FR", timezoneId }: { cookie?: "ja" | "en"; browserLocale?: string; timezoneId?: string }) {
  const context = await browser.newContext({ storageState: OPERATOR, locale: browserLocale, timezoneId });
  await context.clearCookies({ name: "lg_locale" });
  if (cookie) await context.addCookies([{ name: "lg_locale", value: cookie, url: test.info().project.use.baseURL! }]);
  return context;
}

function nav(page: Page, locale: "en" | "ja") {
  return page.getByRole("navigation", { name: T[locale]("shell.nav.label") });
}

test("without a cookie the console speaks the browser's language (Accept-Language): English for en-US, Japanese for ja-JP and for a language it does not speak", async ({ browser }) => {
  for (const [browserLocale, locale] of [
    ["en-US", "en"],
    ["ja-JP", "ja"],
    ["fr-FR", "ja"],
  ] as const) {
    const context = await contextWith(browser, { browserLocale });
    const page = await context.newPage();
    await page.goto("/accounts");
    await expect(page.locator("html"), browserLocale).toHaveAttribute("lang", locale);
    await expect(page.getByRole("heading", { level: 1 }), browserLocale).toHaveText(T[locale]("accounts.title"));
    await expect(nav(page, locale).getByRole("link").first()).toHaveText(T[locale]("shell.nav.accounts"));
    await context.close();
  }
});

test("the cookie wins over Accept-Language", async ({ browser }) => {
  const context = await contextWith(browser, { cookie: "ja", browserLocale: "en-US" });
  const page = await context.newPage();
  await page.goto("/accounts");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.ja("accounts.title"));
  await context.close();
});

test("times are Japan time whatever the server's and the browser's zones (a link made late in the UTC day shows the next Japan date)", async ({ browser }) => {
  const context = await contextWith(browser, { cookie: "en", timezoneId: "America/Los_Angeles" });
  const page = await context.newPage();
  const res = await page.request.get("/api/v1/accounts?limit=200&sort=linked_at&order=desc");
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: { id: string; linkedAt: string }[] };
  const late = items.find((i) => new Date(i.linkedAt).getUTCHours() >= 15);
  expect(late, "a seeded link made between 15:00 and 24:00 UTC").toBeDefined();
  const at = new Date(late!.linkedAt);
  const jst = new Date(at.getTime() + 9 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const expected = `${jst.getUTCFullYear()}/${pad(jst.getUTCMonth() + 1)}/${pad(jst.getUTCDate())} ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
  expect(jst.getUTCDate()).not.toBe(at.getUTCDate());
  await page.goto(`/accounts/${late!.id}`);
  // Rendered on the server and again in the browser (Los Angeles time): both in Japan time.
  await expect(page.getByText(expected, { exact: true }).first()).toBeVisible();
  await context.close();
});

test("choosing a language in the user menu keeps it in the cookie for the next visit", async ({ browser }) => {
  const context = await contextWith(browser, { browserLocale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/accounts");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByTestId("user-menu").click();
  await page.getByRole("combobox", { name: T.en("shell.language") }).last().selectOption("ja");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.ja("accounts.title"));
  expect((await context.cookies()).find((c) => c.name === "lg_locale")?.value).toBe("ja");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await context.close();
});
