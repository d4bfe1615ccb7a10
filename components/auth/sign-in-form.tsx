"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/types";

type Step = "credentials" | "new_password" | "enrol";
interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

const FAILURES = ["invalid_credentials", "enrolment_required", "password_change_required", "weak_password"] as const;
type Failure = (typeof FAILURES)[number] | "unknown";

type Values = { email: string; password: string; code: string; newPassword: string };

/**
 * Sign-in on the console's form pattern (react-hook-form and FormField; the refusal's code, from
 * next-auth, next to its field in the reader's language). No zod here: every check is the server's
 * (lib/auth/sign-in.ts), and this page is the lightest of the console.
 */
export function SignInForm() {
  const t = useT();
  const router = useRouter();
  const params = useSearchParams();
  const form = useForm<Values>({ defaultValues: { email: "", password: "", code: "", newPassword: "" } });
  const [step, setStep] = useState<Step>("credentials");
  const [needNewPassword, setNeedNewPassword] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function startEnrolment({ email, password }: Values) {
    const res = await fetch("/api/v1/auth/enrolment", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.ok) {
      setEnrolment((await res.json()) as Enrolment);
      setStep("enrol");
      setFailure(null);
    } else {
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      setFailure(FAILURES.includes(body.code as Failure & (typeof FAILURES)[number]) ? (body.code as Failure) : "unknown");
    }
  }

  async function onSubmit(values: Values) {
    const { email, password, code, newPassword } = values;
    setBusy(true);
    setFailure(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email,
        password,
        code,
        newPassword: needNewPassword ? newPassword : "",
      });
      if (result?.ok && !result.error) {
        const next = params.get("next");
        router.replace(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
        router.refresh();
        return;
      }
      const got = (result?.code ?? "unknown") as Failure;
      if (got === "password_change_required") {
        setNeedNewPassword(true);
        setStep("new_password");
        setFailure(got);
      } else if (got === "enrolment_required") {
        await startEnrolment(values);
      } else {
        const known = FAILURES.includes(got as (typeof FAILURES)[number]) ? got : "unknown";
        setFailure(known);
        form.setValue("code", "");
        if (known === "weak_password") form.setError("newPassword", { type: "server", message: t("auth.failure.weak_password") });
        if (known === "invalid_credentials") form.setError("code", { type: "server", message: t("auth.failure.invalid_credentials") });
      }
    } catch {
      setFailure("unknown");
    } finally {
      setBusy(false);
    }
  }

  const failureText = failure ? t(`auth.failure.${failure}` as MessageKey) : null;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate aria-describedby={failure ? "sign-in-failure" : undefined}>
      {failure && failure !== "invalid_credentials" ? (
        <Notice tone={failure === "password_change_required" || failure === "enrolment_required" ? "info" : "error"} id="sign-in-failure">
          {failureText}
        </Notice>
      ) : null}
      {failure === "invalid_credentials" ? (
        <Notice tone="error" id="sign-in-failure">
          {failureText}
        </Notice>
      ) : null}
      <FormField control={form.control} name="email" label={t("auth.email")}>
        {(field, aria) => <Input {...field} {...aria} type="email" autoComplete="username" required readOnly={step !== "credentials"} />}
      </FormField>
      <FormField control={form.control} name="password" label={t("auth.password")}>
        {(field, aria) => <Input {...field} {...aria} type="password" autoComplete="current-password" required readOnly={step !== "credentials"} />}
      </FormField>
      {needNewPassword ? (
        <FormField control={form.control} name="newPassword" label={t("auth.newPassword")} description={t("auth.newPasswordHint")}>
          {(field, aria) => <Input {...field} {...aria} type="password" autoComplete="new-password" required />}
        </FormField>
      ) : null}
      {step === "enrol" && enrolment ? (
        <section aria-labelledby="enrol-title" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <h2 id="enrol-title" className="font-semibold">
            {t("auth.enrol.title")}
          </h2>
          <p className="text-sm text-slate-700">{t("auth.enrol.intro")}</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={enrolment.qrDataUrl} alt="QR code" width={180} height={180} className="mx-auto" />
          <p className="text-sm">
            {t("auth.enrol.secret")}: <code data-testid="totp-secret" className="break-all font-mono">{enrolment.secret}</code>
          </p>
        </section>
      ) : null}
      <FormField control={form.control} name="code" label={t("auth.code")} description={t("auth.codeHint")}>
        {(field, aria) => (
          <Input {...field} {...aria} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} onChange={(e) => field.onChange(e.target.value.replace(/\D/g, ""))} />
        )}
      </FormField>
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? t("auth.submitting") : t("auth.submit")}
      </Button>
    </form>
  );
}
