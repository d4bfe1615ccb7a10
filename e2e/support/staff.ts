import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import type { Role } from "@/db/schema";
import { CARRIER, DEMO_BANKS } from "@/db/seed/banks";
import { DEMO_PASSWORD, DEMO_STAFF, demoTotpSecret } from "@/db/seed/staff";
import { translatorFor } from "@/lib/i18n/translate";
import type { Locale, MessageKey } from "@/lib/i18n/types";
import { AUTH_DIR, TOTP_DIR } from "./server";

export { DEMO_PASSWORD };

/** The console's own translator (next-intl, same messages and formats) for what a page should say. */
export const T = {
  en: translatorFor("en"),
  ja: translatorFor("ja"),
} satisfies Record<Locale, (key: MessageKey) => string>;

export interface DemoUser {
  email: string;
  displayName: string;
  /** "carrier" or a bank code. */
  org: string;
  roles: Role[];
}

export function demoUser(email: string): DemoUser {
  const found = DEMO_STAFF.find((s) => s.email === email);
  if (!found) throw new Error(`${email} is not a demo staff member (db/seed/staff.ts)`);
  return found;
}

/**
 * The users whose sessions the setup project prepares once (storageState files). Tests that sign
 * in themselves use OTHER demo users: each one-time code is accepted once per user.
 */
export const PREPARED_USERS = [
  "operator@carrier.demo",
  "investigator@carrier.demo",
  "manager@carrier.demo",
  "admin@carrier.demo",
  "auditor@carrier.demo",
  "operator@bank0101.demo",
  "investigator@bank0101.demo",
  "manager@bank0101.demo",
  "admin@bank0101.demo",
  "auditor@bank0101.demo",
  "admin@bank0108.demo",
] as const;
export type PreparedUser = (typeof PREPARED_USERS)[number];

export function storageStateOf(email: PreparedUser): string {
  return path.join(AUTH_DIR, `${email}.json`);
}

const STEP_SECONDS = 30;

function totpFor(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: STEP_SECONDS });
}

/** The code an authenticator app shows now for this secret. */
export function codeFromSecret(secret: string, at = Date.now()): string {
  return totpFor(secret).generate({ timestamp: at });
}

/** The code a demo user's authenticator shows now (secret documented in db/seed/staff.ts). */
export function demoCode(email: string, at = Date.now()): string {
  return codeFromSecret(demoTotpSecret(email), at);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stepNow = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);

/**
 * A code of a time step no test has used yet for this user, in any worker. The server accepts a
 * code once per user (and one step of clock drift either way), so two specs that sign the same
 * demo user in within one 30-second step would otherwise refuse each other: this takes the next
 * step's code, or waits for the step after.
 */
export async function claimDemoCode(email: string): Promise<string> {
  fs.mkdirSync(TOTP_DIR, { recursive: true });
  const file = path.join(TOTP_DIR, `${email}.step`);
  const lock = `${file}.lock`;
  for (let tries = 0; ; tries++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      // Held by another worker for a few milliseconds; a lock left by a killed worker goes stale.
      if (tries > 100) fs.rmSync(lock, { force: true });
      await sleep(50);
    }
  }
  try {
    const last = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : -1;
    const step = Math.max(stepNow(), last + 1);
    while (step > stepNow() + 1) await sleep(500);
    fs.writeFileSync(file, String(step));
    return demoCode(email, step * STEP_SECONDS * 1000 + 1_000);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export interface SignInFields {
  email: string;
  password?: string;
  code?: string;
}

/**
 * Fills the sign-in form the way a person does (English labels: the context has lg_locale=en),
 * submits it and waits for the server's answer to the credentials.
 */
export async function submitSignIn(page: Page, { email, password = DEMO_PASSWORD, code }: SignInFields): Promise<void> {
  const t = T.en;
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel(t("auth.email"), { exact: true }).fill(email);
  await page.getByLabel(t("auth.password"), { exact: true }).fill(password);
  await page.getByLabel(t("auth.code"), { exact: true }).fill(code ?? (await claimDemoCode(email)));
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: t("auth.submit") }).click();
  await answered;
}

/** The failure message the sign-in form shows for a refusal. */
export function failureText(page: Page) {
  return page.locator("#sign-in-failure");
}

/** Signs out through the user menu, as a person does. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("user-menu").click();
  await page.getByRole("button", { name: T.en("shell.signOut") }).click();
  await page.waitForURL(/\/sign-in/);
}

/** A code that the user's authenticator does not show now (nor one step before or after). */
export function wrongCode(email: string): string {
  const near = [-30_000, 0, 30_000].map((d) => demoCode(email, Date.now() + d));
  for (let n = 0; ; n++) {
    const candidate = String((Number(near[1]) + 1 + n) % 1_000_000).padStart(6, "0");
    if (!near.includes(candidate)) return candidate;
  }
}

/** The organisation's English name as the user menu shows it, e.g. "Hokusei Bank (0108)". */
export function organisationLabel(user: DemoUser): string {
  if (user.org === "carrier") return `${CARRIER.nameEn} (${T.en("shell.carrier")})`;
  const bank = DEMO_BANKS.find((b) => b.code === user.org);
  if (!bank) throw new Error(`no demo bank ${user.org}`);
  return `${bank.nameEn} (${bank.code})`;
}

/** Signs a demo user in through the form and waits for the console. */
export async function signIn(page: Page, email: string): Promise<void> {
  await submitSignIn(page, { email });
  await expect(page.getByTestId("user-menu")).toBeVisible({ timeout: 20_000 });
}

/** The English cookie, so tests can find things by their English labels. */
export function englishCookie(baseURL: string) {
  return { name: "lg_locale", value: "en", url: baseURL };
}
