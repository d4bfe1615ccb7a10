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
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("home.title"));
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

// The e2e server trusts 127.0.0.1 as a proxy (LINKGUARD_TRUSTED_PROXIES, e2e/global-setup.ts), so
// each browser context can play a client at an address of its own with X-Forwarded-For.
test("a stranger's failures from one address do not stop the real person signing in from another", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const email = "auditor@bank0108.demo";
  const user = demoUser(email);
  const at = async (address: string) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
    await context.addCookies([englishCookie(baseURL!)]);
    return context;
  };

  const stranger = await at("203.0.113.77");
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/sign-in");
  const FAILURES = 10; // the per-address limit on one account (lib/auth/throttle.ts)
  for (let attempt = 1; attempt <= FAILURES; attempt++) {
    await submitSignIn(strangerPage, { email, password: `wrong-password-${attempt}`, code: "000000" });
    await expect(failureText(strangerPage)).toHaveText(t("auth.failure.invalid_credentials"));
  }
  // Past its limit the stranger's address gets the same answer even for the right password and code.
  await submitSignIn(strangerPage, { email, password: DEMO_PASSWORD });
  await expect(failureText(strangerPage)).toHaveText(t("auth.failure.invalid_credentials"));
  await expect(strangerPage).toHaveURL(/\/sign-in/);
  await stranger.close();

  const owner = await at("198.51.100.77");
  const page = await owner.newPage();
  await page.goto("/sign-in");
  await submitSignIn(page, { email });
  await page.waitForURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("home.title"));
  await expect(page.getByTestId("user-menu")).toContainText(user.displayName);
  // ...and is told about the attempts from elsewhere, once, at this sign-in.
  await expect(page.getByTestId("sign-in-notice")).toContainText(`${FAILURES + 1} sign-in attempts on your account failed`);
  await owner.close();
});

test("every refused sign-in gets the same answer: unknown e-mail, wrong password, right password with no code or a wrong one", async ({ baseURL }) => {
  const email = "operator@bank0108.demo";
  const attempts = [
    { email: "nobody-at-all@bank0108.demo", password: DEMO_PASSWORD, code: "123456" },
    { email, password: "not-the-password-1", code: demoCode(email) },
    { email, password: DEMO_PASSWORD, code: "" },
    { email, password: DEMO_PASSWORD, code: wrongCode(email) },
  ];
  const answers = [];
  for (const [i, fields] of attempts.entries()) {
    // Each from an address of its own (through the trusted proxy), as Auth.js's client posts it.
    const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${90 + i}` } });
    try {
      const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await api.post("/api/auth/callback/credentials", {
        headers: { "x-auth-return-redirect": "1" },
        form: { ...fields, newPassword: "", csrfToken, callbackUrl: `${baseURL}/` },
      });
      answers.push({ status: res.status(), type: res.headers()["content-type"], body: await res.text() });
    } finally {
      await api.dispose();
    }
  }
  expect(answers[0]!.body).toContain("invalid_credentials");
  for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
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
