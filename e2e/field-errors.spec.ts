import { expect, test } from "@playwright/test";
import { T, englishCookie, storageStateOf } from "./support/staff";

/**
 * Errors by code, end to end: the server refuses a field with a machine code (an e-mail already in
 * use: only the server knows), and the form shows the code's words next to that field, in the
 * reader's language, named by the field's aria-describedby.
 */
test.use({ storageState: storageStateOf("admin@carrier.demo") });

for (const locale of ["ja", "en"] as const) {
  test(`a field error from the server shows next to its field in ${locale === "ja" ? "Japanese" : "English"}`, async ({ page, baseURL }) => {
    const t = T[locale];
    // The language cookie decides (without it the browser's Accept-Language would).
    await page.context().addCookies([{ ...englishCookie(baseURL!), value: locale }]);
    await page.goto("/admin");
    await page.getByRole("button", { name: t("admin.staff.new.toggle") }).click();
    const form = page.getByRole("region", { name: t("admin.staff.new.title") });
    const email = form.getByLabel(t("admin.staff.new.email"), { exact: true });
    await email.fill("ADMIN@carrier.demo");
    await form.getByLabel(t("admin.staff.new.name"), { exact: true }).fill("ダブリ テスト");
    await form.getByRole("checkbox", { name: t("shell.role.auditor") }).check();

    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/admin/users") && r.request().method() === "POST");
    await form.getByRole("button", { name: t("admin.staff.new.submit") }).click();
    const res = await answer;
    expect(res.status()).toBe(409);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual({ email: { code: "email_taken" } });

    await expect(email).toHaveAttribute("aria-invalid", "true");
    const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
    expect(describedBy).not.toBe("");
    await expect(form.locator(`[id="${describedBy.split(" ").at(-1)}"]`)).toHaveText(t("errors.field.email_taken"));
  });
}
