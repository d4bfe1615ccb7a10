import { encode } from "next-auth/jwt";
import { SESSION_COOKIES } from "@/lib/auth/session-cookie";

/**
 * The Cookie header a browser sends after signing in: Auth.js's session cookie (its JWE, encoded
 * with AUTH_SECRET and salted with the cookie's name, as Auth.js's sign-in writes it) carrying the
 * session id of a real sign-in (tests/admin/support.ts `signedIn`, password and one-time code).
 * A route called directly then goes through the real session check: the cookie is decoded and the
 * staff_sessions row is loaded and checked (lib/auth/session-cookie.ts, lib/auth/sessions.ts).
 */
export async function sessionCookie(sessionId: string): Promise<string> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (tests/support/setup.ts sets one)");
  const name = SESSION_COOKIES[1];
  const token = await encode({ token: { sid: sessionId }, secret, salt: name, maxAge: 12 * 60 * 60 });
  return `${name}=${token}`;
}
