import { expect, request as playwrightRequest, test } from "@playwright/test";
import {
  DEMO_PASSWORD,
  T,
  claimDemoCode,
  demoCode,
  demoUser,
  englishCookie,
  failureText,
  organisationLabel,
  signIn,
  signOut,
  submitSignIn,
  wrongCode,
} from "./support/staff";

// Each test signs in a demo user of its own: a one-time code is accepted once per user, and the
// setup project's users (support/staff.ts PREPARED_USERS) are never used here.
const t = T.en;

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([englishCookie(baseURL!)]);
});

test("staff sign in with password and one-time code and land on the console", async ({ page, baseURL }) => {
  const user = demoUser("operator@bank0108.demo");
  await page.goto("/sign-in");
  await submitSignIn(page, { email: user.email });
  await page.waitForURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("shell.home.title", { name: user.displayName }));
  const menu = page.getByTestId("user-menu");
  await expect(menu).toContainText(user.displayName);
  await menu.click();
  await expect(page.getByTestId("user-org")).toHaveText(organisationLabel(user));
  await expect(page.getByTestId("user-roles")).toHaveText(t("shell.role.bank_operator"));
});

test("a wrong password is refused without saying whether the e-mail exists", async ({ page }) => {
  await page.goto("/sign-in");
  await submitSignIn(page, { email: "manager2@carrier.demo", password: "not-the-password-1", code: demoCode("manager2@carrier.demo") });
  const known = failureText(page);
  await expect(known).toHaveText(t("auth.failure.invalid_credentials"));

  await page.goto("/sign-in");
  await submitSignIn(page, { email: "nobody-here@carrier.demo", password: "not-the-password-1", code: "123456" });
  await expect(failureText(page)).toHaveText(t("auth.failure.invalid_credentials"));
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: "authjs.session-token" }));
});

test("a wrong one-time code is refused", async ({ page }) => {
  const email = "manager2@carrier.demo";
  await page.goto("/sign-in");
  await submitSignIn(page, { email, code: wrongCode(email) });
  await expect(failureText(page)).toHaveText(t("auth.failure.invalid_credentials"));
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a one-time code cannot be used twice", async ({ page, baseURL }) => {
  const email = "investigator2@carrier.demo";
  const code = await claimDemoCode(email);
  await page.goto("/sign-in");
  await submitSignIn(page, { email, code });
  await page.waitForURL(`${baseURL}/`);
  await signOut(page);

  // The same code again, while it is still within the server's window of accepted steps.
  await submitSignIn(page, { email, code });
  await expect(failureText(page)).toHaveText(t("auth.failure.invalid_credentials"));
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failures lock the account for a while", async ({ page }) => {
  const email = "auditor@bank0108.demo";
  await page.goto("/sign-in");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await submitSignIn(page, { email, password: `wrong-password-${attempt}`, code: "000000" });
    await expect(failureText(page)).toHaveText(t("auth.failure.invalid_credentials"));
  }
  await submitSignIn(page, { email, password: "wrong-password-5", code: "000000" });
  await expect(failureText(page)).toHaveText(t("auth.failure.locked"));

  // Now even the right password and a right code are refused.
  await page.goto("/sign-in");
  await submitSignIn(page, { email, password: DEMO_PASSWORD, code: demoCode(email) });
  await expect(failureText(page)).toHaveText(t("auth.failure.locked"));
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-out ends the session", async ({ page, context, baseURL }) => {
  await page.goto("/sign-in");
  await signIn(page, "investigator@bank0108.demo");
  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(session, "a session cookie after sign-in").toBeTruthy();

  const withOldCookie = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `${session!.name}=${session!.value}` },
  });
  try {
    const before = await withOldCookie.get("/api/v1/me");
    expect(before.status()).toBe(200);
    expect((await before.json()).email).toBe("investigator@bank0108.demo");

    await signOut(page);

    const after = await withOldCookie.get("/api/v1/me");
    expect(after.status()).toBe(401);
    expect(after.headers()["content-type"]).toContain("application/problem+json");
  } finally {
    await withOldCookie.dispose();
  }
});

test("a signed-out page view is sent to the sign-in page", async ({ page, baseURL }) => {
  await page.goto("/cases?status=open");
  await expect(page).toHaveURL(`${baseURL}/sign-in?next=${encodeURIComponent("/cases?status=open")}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("auth.title"));
  await page.goto("/");
  await expect(page).toHaveURL(`${baseURL}/sign-in`);
});
