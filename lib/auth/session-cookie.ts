import { decode } from "next-auth/jwt";
import type { HeaderReader } from "./request-meta";

/**
 * The session id in a request's Auth.js session cookie, read from the request's own headers.
 *
 * Auth.js keeps only a session id in its cookie (lib/auth/auth.ts); the staff_sessions row decides
 * whether the session lives (lib/auth/sessions.ts). Asking Auth.js (`auth()`) for that id on every
 * request built a second Request for its "session" action, decoded the cookie, encoded a fresh one
 * (which a server component or a route handler then drops), answered JSON and parsed it again:
 * most of the session check's cost. Here the cookie is decoded with Auth.js's own `decode` (the
 * same JWE, the same key derivation from AUTH_SECRET, salted with the cookie's name), once per
 * distinct cookie value: an authenticated token decodes to the same payload every time, so a
 * decoded one is kept (bounded; its expiry is still checked on each use). A forged, altered or
 * expired cookie decodes to nothing, as with `auth()`.
 *
 * Reading the headers directly also means the same code serves Next's route handlers, pages
 * (`headers()`) and a route called without Next's request context (tests, the Node adapter).
 */

/** Auth.js's cookie names: `__Secure-` when it was set over HTTPS. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const CACHE_MAX = 10_000;
/** Cookie value → what it decoded to (session id, expiry in ms). */
const decoded = new Map<string, { sid: string; expiresAt: number }>();
let decodedWith: string | undefined;

/** The cookie header's pairs (name → value). Values are taken as sent: Auth.js's are base64url. */
function cookiesOf(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** The token under `name`, joined from its chunks (`name.0`, `name.1`, …) when Auth.js split a large one. */
function tokenOf(cookies: Map<string, string>, name: string): string | null {
  const whole = cookies.get(name);
  if (whole) return whole;
  let joined = "";
  for (let i = 0; cookies.has(`${name}.${i}`); i++) joined += cookies.get(`${name}.${i}`);
  return joined || null;
}

/** The session id the request's Auth.js cookie carries, or null (no cookie, or one that does not decode). */
export async function sessionIdFrom(headers: HeaderReader): Promise<string | null> {
  const header = headers.get("cookie");
  if (!header || !header.includes("authjs.session-token")) return null;
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  if (decodedWith !== secret) {
    decoded.clear();
    decodedWith = secret;
  }
  const cookies = cookiesOf(header);
  for (const name of SESSION_COOKIES) {
    const token = tokenOf(cookies, name);
    if (!token) continue;
    const known = decoded.get(token);
    if (known) return known.expiresAt > Date.now() ? known.sid : null;
    const payload = await decode({ token, secret, salt: name }).catch(() => null);
    const sid = typeof payload?.sid === "string" ? payload.sid : null;
    if (!sid || typeof payload?.exp !== "number") return null;
    // Auth.js's decode allows 15 s of clock skew past the expiry; here none, first read or kept.
    const expiresAt = payload.exp * 1000;
    if (expiresAt <= Date.now()) return null;
    if (decoded.size >= CACHE_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { sid, expiresAt });
    return sid;
  }
  return null;
}
