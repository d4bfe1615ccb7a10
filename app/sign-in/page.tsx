import { Suspense } from "react";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { currentStaff } from "@/lib/auth/current";
import { getT } from "@/lib/i18n/server";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  await connection();
  if (await currentStaff()) redirect("/");
  const t = await getT();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex items-start justify-between gap-2">
          <div>
            <p className="text-sm font-semibold text-brand-700">{t("common.appName")}</p>
            <h1 className="text-xl font-bold">{t("auth.title")}</h1>
            <p className="mt-1 text-xs text-slate-600">{t("common.tagline")}</p>
          </div>
          <LanguageSwitch />
        </div>
        <Suspense>
          <SignInForm />
        </Suspense>
      </div>
    </main>
  );
}
