import { Secret, TOTP } from "otpauth";
import { DEMO_PASSWORD, demoTotpSecret } from "@/db/seed/staff";

/**
 * Signs a demo staff member in through Auth.js over HTTP (CSRF token, then the credentials
 * callback with password and the current one-time code) and returns the Cookie header to send.
 * A code is accepted once per user and 30-second step: call it once per user per run.
 */
export async function signInOverHttp(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const code = new TOTP({ secret: Secret.fromBase32(demoTotpSecret(email)), digits: 6, period: 30 }).generate();
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password: DEMO_PASSWORD, code, callbackUrl: `${baseUrl}/` }).toString(),
  });
  keep(res);
  const session = [...jar.keys()].find((k) => k.endsWith("authjs.session-token"));
  if (!session) throw new Error(`sign-in of ${email} failed (status ${res.status}, location ${res.headers.get("location")})`);
  return cookie();
}
