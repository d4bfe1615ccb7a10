import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { signInWithPassword, type SignInFailure } from "./sign-in";
import { headers } from "next/headers";
import { signOutSession, ABSOLUTE_TIMEOUT_MS } from "./sessions";
import { requestMetaFrom } from "./request-meta";

class SignInRefused extends CredentialsSignin {
  constructor(failure: SignInFailure) {
    super(failure);
    this.code = failure;
  }
}

const field = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * Auth.js carries only a session id in its signed cookie; the staff_sessions row decides on every
 * request whether that session still lives (lib/auth/sessions.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: ABSOLUTE_TIMEOUT_MS / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // Refused sign-ins are expected; they are audited, not logged as errors.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(JSON.stringify({ level: "error", msg: "auth error", err: error.message }));
    },
    warn() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {}, newPassword: {} },
      async authorize(credentials, request) {
        const db = await getDb();
        const result = await signInWithPassword(
          db,
          {
            email: field(credentials.email),
            password: field(credentials.password),
            code: field(credentials.code),
            newPassword: field(credentials.newPassword) || undefined,
          },
          requestMetaFrom(request.headers),
        );
        if (!result.ok) throw new SignInRefused(result.failure);
        return { id: result.sessionId, email: result.email, name: result.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sid = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const sid = typeof token?.sid === "string" ? token.sid : undefined;
      if (!sid) return;
      const db = await getDb();
      await signOutSession(db, sid, requestMetaFrom(await headers()));
    },
  },
});
