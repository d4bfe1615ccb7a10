"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
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

export function SignInForm() {
  const t = useT();
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [step, setStep] = useState<Step>("credentials");
  const [needNewPassword, setNeedNewPassword] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function startEnrolment() {
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

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
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
        await startEnrolment();
      } else {
        setFailure(FAILURES.includes(got as (typeof FAILURES)[number]) ? got : "unknown");
        setCode("");
      }
    } catch {
      setFailure("unknown");
    } finally {
      setBusy(false);
    }
  }

  const failureText = failure ? t(`auth.failure.${failure}` as MessageKey) : null;
  const codeError = failure === "invalid_credentials" ? failureText : null;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby={failure ? "sign-in-failure" : undefined}>
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
      <Field label={t("auth.email")} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} readOnly={step !== "credentials"} />
      <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} readOnly={step !== "credentials"} />
      {needNewPassword ? (
        <Field
          label={t("auth.newPassword")}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={t("auth.newPasswordHint")}
          error={failure === "weak_password" ? failureText : null}
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
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
      <Field
        label={t("auth.code")}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        hint={t("auth.codeHint")}
        error={codeError}
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
      />
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? t("auth.submitting") : t("auth.submit")}
      </Button>
    </form>
  );
}
