import { expect, test } from "@playwright/test";
import { T, demoUser, englishCookie, failureText, signIn, storageStateOf } from "./support/staff";

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
  // Revoking is in the key's row menu, and asks first (an alert dialog, Cancel focused).
  await row.getByRole("button", { name: t("admin.apiKeys.menu", { name }) }).click();
  await page.getByRole("menuitem", { name: t("admin.apiKeys.revoke.action") }).click();
  const dialog = page.getByRole("alertdialog", { name: t("admin.apiKeys.revoke.title", { name }) });
  await expect(dialog.getByRole("button", { name: t("admin.staff.confirm.cancel") })).toBeFocused();
  await dialog.getByRole("button", { name: t("admin.apiKeys.revoke.confirm") }).click();
  await expect(page.getByText(t("admin.apiKeys.revoke.done", { name }))).toBeVisible();
  await expect(row).toContainText(t("admin.apiKeys.revoked"));

  const refused = await ask();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  await api.dispose();
});

test("an administrator cannot change their own roles: the form offers none, and the API refuses with self_change_forbidden", async ({ page, baseURL }) => {
  await page.goto("/admin");
  const own = page.getByTestId("staff-row-admin@carrier.demo");
  await expect(own).toContainText(t("admin.you"));
  // No reset of one's own password or second factor either, nor disabling oneself: the row menu offers neither.
  await own.getByRole("button", { name: t("admin.staff.actions.menu", { name: demoUser("admin@carrier.demo").displayName }) }).click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: t("admin.staff.actions.resetPassword") })).toHaveCount(0);
  await expect(menu.getByRole("menuitem", { name: t("admin.staff.actions.disable") })).toHaveCount(0);
  await menu.getByRole("menuitem", { name: t("admin.staff.actions.edit") }).click();
  const form = page.getByRole("form", { name: t("admin.staff.edit.title", { name: demoUser("admin@carrier.demo").displayName }) });
  for (const role of ["bank_operator", "investigator", "manager", "admin", "auditor"] as const) {
    await expect(form.getByRole("checkbox", { name: t(`shell.role.${role}`) })).toBeDisabled();
  }
  await expect(form.getByText(t("admin.staff.edit.selfRoles"))).toBeVisible();

  // The same through the API, as a script with this session would try it.
  const me = (await (await page.request.get("/api/v1/me")).json()) as { userId: string };
  const refused = await page.request.patch(`/api/v1/admin/users/${me.userId}`, { data: { roles: ["admin", "manager"] }, headers: { origin: new URL(baseURL!).origin } });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect(((await refused.json()) as { code: string }).code).toBe("self_change_forbidden");
  const after = (await (await page.request.get("/api/v1/me")).json()) as { roles: string[] };
  expect(after.roles).toEqual(["admin"]);
});

test("the administrator who created a person asks for no manager role for them, nor approves another's request: the form and the grant say why", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // The carrier's administrator adds a staff member as investigator and manager: refused, the roles say why.
  await page.goto("/admin");
  await page.getByRole("button", { name: t("admin.staff.new.toggle") }).click();
  const form = page.getByRole("region", { name: t("admin.staff.new.title") });
  const address = `e2e-grant-${Date.now()}@carrier.demo`;
  const name = "イーツーイー ショウカク";
  await form.getByLabel(t("admin.staff.new.email"), { exact: true }).fill(address);
  await form.getByLabel(t("admin.staff.new.name"), { exact: true }).fill(name);
  await form.getByRole("checkbox", { name: t("shell.role.investigator") }).check();
  const manager = form.getByRole("checkbox", { name: t("shell.role.manager") });
  await manager.check();
  await form.getByRole("button", { name: t("admin.staff.new.submit") }).click();
  await expect(form.getByText(t("errors.field.credential_issuer"))).toBeVisible();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);

  // As investigator alone it is added; this administrator issued the person's credentials.
  await manager.uncheck();
  await form.getByRole("button", { name: t("admin.staff.new.submit") }).click();
  await page.getByTestId("one-time-secret").getByRole("button", { name: t("admin.secret.done") }).click();
  const row = page.getByTestId(`staff-row-${address}`);
  await expect(row).toContainText(t("shell.role.investigator"));
  const listed = (await (await page.request.get("/api/v1/admin/users", { params: { limit: 100 } })).json()) as { items: { id: string; email: string; roles: string[] }[] };
  const person = listed.items.find((u) => u.email === address)!;

  // The second administrator asks for the manager role: it waits, and the creator cannot approve it.
  const second = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  await second.addCookies([englishCookie(baseURL!)]);
  const other = await second.newPage();
  await signIn(other, "admin2@carrier.demo");
  const asked = await other.request.patch(`/api/v1/admin/users/${person.id}`, { data: { roles: ["investigator", "manager"] }, headers: { origin } });
  expect(asked.status()).toBe(200);
  const { pendingGrant } = (await asked.json()) as { pendingGrant: { id: string } };

  await page.reload();
  await expect(page.getByTestId(`staff-row-${address}`)).toContainText(t("admin.staff.pendingRole", { role: t("shell.role.manager") }));
  const grant = page.getByTestId(`role-grant-${address}`);
  await expect(grant).toContainText(t("admin.fourEyes.blocked.credential_issuer"));
  await expect(grant.getByRole("button", { name: new RegExp(t("admin.fourEyes.actions.approve")) })).toHaveCount(0);
  const refused = await page.request.post(`/api/v1/admin/role-grants/${pendingGrant.id}/approve`, { data: { revision: 1 }, headers: { origin } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe("credential_issuer_forbidden");
  const rolesNow = (await (await page.request.get("/api/v1/admin/users", { params: { limit: 100 } })).json()) as { items: { email: string; roles: string[] }[] };
  expect(rolesNow.items.find((u) => u.email === address)?.roles).toEqual(["investigator"]);

  // A third administrator would decide; here the one who asked withdraws it.
  expect((await other.request.post(`/api/v1/admin/role-grants/${pendingGrant.id}/cancel`, { data: {}, headers: { origin } })).status()).toBe(200);
  await second.close();
});

test("a password reset of someone being granted manager waits for a second administrator, who alone receives the temporary password", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // Someone being granted manager: added by the second administrator (who holds the first
  // temporary password), the manager role asked for by this one (the creator may not ask for it).
  const address = `e2e-reset-${Date.now()}@carrier.demo`;
  const name = "イーツーイー サイハッコウ";
  const second = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  await second.addCookies([englishCookie(baseURL!)]);
  const checker = await second.newPage();
  await signIn(checker, "admin2@carrier.demo");
  const created = await checker.request.post("/api/v1/admin/users", { data: { email: address, displayName: name, roles: ["investigator"] }, headers: { origin } });
  expect(created.status()).toBe(201);
  const { user, temporaryPassword: firstPassword } = (await created.json()) as { user: { id: string }; temporaryPassword: string };
  expect((await page.request.patch(`/api/v1/admin/users/${user.id}`, { data: { roles: ["investigator", "manager"] }, headers: { origin } })).status()).toBe(200);

  // The person's sign-in with a password: what the form answers (a temporary password asks for a new one).
  async function signInAnswer(password: string): Promise<string> {
    const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    await context.addCookies([englishCookie(baseURL!)]);
    const person = await context.newPage();
    await person.goto("/sign-in");
    await person.getByLabel(t("auth.email"), { exact: true }).fill(address);
    await person.getByLabel(t("auth.password"), { exact: true }).fill(password);
    await person.getByRole("button", { name: t("auth.submit") }).click();
    const text = (await failureText(person).textContent({ timeout: 10_000 })) ?? "";
    await context.close();
    return text.trim();
  }

  // The first administrator resets password and second factor: the dialog says it will wait.
  await page.goto("/admin");
  const row = page.getByTestId(`staff-row-${address}`);
  await expect(row).toContainText(t("admin.staff.pendingRole", { role: t("shell.role.manager") }));
  await row.getByRole("button", { name: t("admin.staff.actions.menu", { name }) }).click();
  await page.getByRole("menuitem", { name: t("admin.staff.actions.resetPassword") }).click();
  const dialog = page.getByRole("alertdialog", { name: t("admin.staff.confirm.resetTitle", { name }) });
  await expect(dialog).toContainText(t("admin.staff.confirm.resetFourEyes", { name }));
  await dialog.getByRole("checkbox", { name: t("admin.staff.confirm.resetTotp") }).check();
  await dialog.getByRole("button", { name: t("admin.staff.confirm.resetConfirm") }).click();
  await expect(page.getByText(t("admin.staff.done.resetRequested", { name }))).toBeVisible();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await expect(row).toContainText(t("admin.staff.pendingReset"));

  // The maker cannot approve it, and nothing changed: the first temporary password still works.
  const pending = page.getByTestId(`credential-reset-${address}`);
  await expect(pending).toContainText(t("admin.resets.passwordAndTotp"));
  await expect(pending).toContainText(t("admin.fourEyes.blocked.own_request"));
  await expect(pending).toContainText(demoUser("admin2@carrier.demo").displayName);
  await expect(pending.getByRole("button", { name: new RegExp(t("admin.fourEyes.actions.approve")) })).toHaveCount(0);
  expect(await signInAnswer(firstPassword)).toBe(t("auth.failure.password_change_required"));

  // The second administrator approves it and is shown the new temporary password, once.
  await checker.goto("/admin");
  const toDecide = checker.getByTestId(`credential-reset-${address}`);
  await toDecide.getByRole("button", { name: new RegExp(t("admin.fourEyes.actions.approve")) }).click();
  const approve = checker.getByRole("alertdialog", { name: t("admin.resets.confirm.approveTitle", { name }) });
  await approve.getByRole("button", { name: t("admin.resets.confirm.approve") }).click();
  const secret = approve.getByTestId("one-time-secret");
  await expect(secret).toBeVisible();
  // The result is a toast (it goes by itself after a few seconds): read it while it is there.
  await expect(checker.getByText(t("admin.resets.done.approve", { name }))).toBeVisible();
  const newPassword = ((await secret.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(newPassword).toMatch(/^\S{5}-\S{5}-\S{5}-\S{5}$/);
  expect(newPassword).not.toBe(firstPassword);
  await approve.getByRole("button", { name: t("admin.staff.confirm.close") }).click();
  await expect(checker.getByTestId(`credential-reset-${address}`)).toHaveCount(0);
  await second.close();

  // Only now: the old password is refused, the new one asks to be replaced.
  expect(await signInAnswer(firstPassword)).toBe(t("auth.failure.invalid_credentials"));
  expect(await signInAnswer(newPassword)).toBe(t("auth.failure.password_change_required"));
  await page.reload();
  await expect(page.getByTestId(`staff-row-${address}`)).not.toContainText(t("admin.staff.pendingReset"));
});
