import { expect, test } from "@playwright/test";
import { T, englishCookie, storageStateOf } from "./support/staff";

/**
 * The administration page as a carrier administrator uses it: adding a staff member (the form
 * names each bad field next to it; the temporary password is shown once) and issuing an API key
 * that works at once, is shown once, and stops working the moment it is revoked.
 */
const t = T.en;
test.use({ storageState: storageStateOf("admin@carrier.demo") });

test.beforeEach(async ({ page, baseURL }) => {
  await page.context().addCookies([englishCookie(baseURL!)]);
});

test("an administrator adds a staff member: bad fields are named next to them, the temporary password is shown once", async ({ page }) => {
  await page.goto("/admin");
  await page.getByRole("button", { name: t("admin.staff.new.toggle") }).click();
  const form = page.getByRole("region", { name: t("admin.staff.new.title") });

  // Nothing filled in: the form says so, and each field carries its own error.
  await form.getByRole("button", { name: t("admin.staff.new.submit") }).click();
  await expect(form.getByText(t("admin.staff.new.invalid"))).toBeVisible();
  const email = form.getByLabel(t("admin.staff.new.email"), { exact: true });
  await expect(email).toHaveAttribute("aria-invalid", "true");

  const address = `e2e-admin-${Date.now()}@carrier.demo`;
  await email.fill(address);
  await form.getByLabel(t("admin.staff.new.name"), { exact: true }).fill("イーツーイー タロウ");
  await form.getByRole("checkbox", { name: t("shell.role.investigator") }).check();
  await form.getByRole("button", { name: t("admin.staff.new.submit") }).click();

  const secret = page.getByTestId("one-time-secret");
  await expect(secret).toBeVisible();
  await expect(secret.getByTestId("secret-value")).toHaveText(/\S{12,}/);
  await secret.getByRole("button", { name: t("admin.secret.done") }).click();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(address.replace(/[.]/g, "\\.")) })).toBeVisible();
});

test("an administrator issues an API key that works at once and is refused the moment it is revoked", async ({ page, playwright, baseURL }) => {
  await page.goto("/admin");
  await page.getByRole("button", { name: t("admin.apiKeys.new.toggle") }).click();
  const form = page.getByRole("region", { name: t("admin.apiKeys.new.title") });
  const name = `E2E platform ${Date.now()}`;
  await form.getByLabel(t("admin.apiKeys.new.name"), { exact: true }).fill(name);
  await form.getByRole("checkbox", { name: t("admin.apiKeys.scope.decisions") }).check();
  await form.getByRole("button", { name: t("admin.apiKeys.new.submit") }).click();

  const value = ((await page.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(value).toMatch(/^lg_\S{20,}$/);
  const api = await playwright.request.newContext({ baseURL });
  const ask = () =>
    api.post("/api/v1/decisions", {
      headers: { authorization: `Bearer ${value}` },
      data: { operation: "link", bankCode: "0101", walletId: "w-e2e-admin", verification: "otp" },
    });
  expect((await ask()).status()).toBe(200);

  await page.getByRole("button", { name: t("admin.secret.done") }).click();
  const row = page.getByTestId(`api-key-row-${value.slice(0, 10)}`);
  await expect(row).toContainText(name);
  await row.getByRole("button", { name: new RegExp(t("admin.apiKeys.revoke.action")) }).click();
  const dialog = page.getByRole("dialog", { name: t("admin.apiKeys.revoke.title", { name }) });
  await dialog.getByRole("button", { name: t("admin.apiKeys.revoke.confirm") }).click();
  await expect(page.getByText(t("admin.apiKeys.revoke.done", { name }))).toBeVisible();
  await expect(row).toContainText(t("admin.apiKeys.revoked"));

  const refused = await ask();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  await api.dispose();
});
