import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, T, codeFromSecret, demoUser, englishCookie, failureText, signOut, submitSignIn } from "./support/staff";

const t = T.en;

test("a new staff member replaces the temporary password and enrols a one-time code at first sign-in", async ({ page, baseURL }) => {
  const user = demoUser("newcomer@carrier.demo");
  const newPassword = "Newcomer-password-2020";
  await page.context().addCookies([englishCookie(baseURL!)]);
  await page.goto("/sign-in");

  // Temporary password, no code yet: asked for a new password first.
  await page.getByLabel(t("auth.email"), { exact: true }).fill(user.email);
  await page.getByLabel(t("auth.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: t("auth.submit") }).click();
  await expect(failureText(page)).toHaveText(t("auth.failure.password_change_required"));

  // A new password: then the QR code and the secret, shown once.
  await page.getByLabel(t("auth.newPassword"), { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: t("auth.submit") }).click();
  await expect(page.getByRole("heading", { name: t("auth.enrol.title") })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  // The code an authenticator app would show for that secret signs the newcomer in.
  await page.getByLabel(t("auth.code"), { exact: true }).fill(codeFromSecret(secret));
  await page.getByRole("button", { name: t("auth.submit") }).click();
  await page.waitForURL(`${baseURL}/`);
  await expect(page.getByTestId("user-menu")).toContainText(user.displayName);

  // Later sign-ins: the temporary password is refused, the new one works with the enrolled secret.
  // (The code of the next 30-second step: the server allows one step of clock drift, and the
  // current step's code has been spent.)
  await signOut(page);
  const nextCode = codeFromSecret(secret, Date.now() + 30_000);
  await submitSignIn(page, { email: user.email, password: DEMO_PASSWORD, code: nextCode });
  await expect(failureText(page)).toHaveText(t("auth.failure.invalid_credentials"));
  await page.goto("/sign-in");
  await submitSignIn(page, { email: user.email, password: newPassword, code: nextCode });
  await page.waitForURL(`${baseURL}/`);
  await expect(page.getByTestId("user-menu")).toContainText(user.displayName);
});
