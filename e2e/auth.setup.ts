import { test as setup } from "@playwright/test";
import { PREPARED_USERS, englishCookie, signIn, storageStateOf } from "./support/staff";

// One browser sign-in per prepared user (password + one-time code), kept as a storageState file.
for (const email of PREPARED_USERS) {
  setup(`sign in ${email}`, async ({ page, context, baseURL }) => {
    await context.addCookies([englishCookie(baseURL!)]);
    await signIn(page, email);
    await context.storageState({ path: storageStateOf(email) });
  });
}
