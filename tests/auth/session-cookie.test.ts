import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionIdFrom } from "@/lib/auth/session-cookie";

const SID = "0b7f3f0e-5a43-4f5e-9d8c-6a1c2b3d4e5f";
const secret = () => process.env.AUTH_SECRET!;
const headers = (cookie: string | null) => new Headers(cookie === null ? {} : { cookie });
const token = (payload: Record<string, unknown>, opts: { salt?: string; maxAge?: number; secret?: string } = {}) =>
  encode({ token: payload, secret: opts.secret ?? secret(), salt: opts.salt ?? "authjs.session-token", maxAge: opts.maxAge ?? 3600 });

/**
 * The session cookie is read as Auth.js wrote it: its JWE under AUTH_SECRET, salted with the
 * cookie's name. Only a cookie Auth.js could have written names a session; the session row then
 * decides whether it lives (tests/auth/sessions.test.ts).
 */
describe("the session id in Auth.js's cookie", () => {
  it("is read from a cookie Auth.js wrote, among other cookies, under either of its names", async () => {
    expect(await sessionIdFrom(headers(`lg_locale=ja; authjs.session-token=${await token({ sid: SID })}; other=1`))).toBe(SID);
    const secure = await token({ sid: SID }, { salt: "__Secure-authjs.session-token" });
    expect(await sessionIdFrom(headers(`__Secure-authjs.session-token=${secure}`))).toBe(SID);
  });

  it("is read from a cookie Auth.js split into chunks", async () => {
    const t = await token({ sid: SID });
    const half = Math.floor(t.length / 2);
    expect(await sessionIdFrom(headers(`authjs.session-token.0=${t.slice(0, half)}; authjs.session-token.1=${t.slice(half)}`))).toBe(SID);
  });

  it("is nobody's for no cookie, a made-up value, an altered token, another secret's, another name's salt, or no sid", async () => {
    expect(await sessionIdFrom(headers(null))).toBeNull();
    expect(await sessionIdFrom(headers("authjs.session-token=x"))).toBeNull();
    const good = await token({ sid: SID });
    const parts = good.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(await sessionIdFrom(headers(`authjs.session-token=${parts.join(".")}`)), "altered ciphertext").toBeNull();
    expect(await sessionIdFrom(headers(`authjs.session-token=${await token({ sid: SID }, { secret: "another-secret-0123456789abcdef0123" })}`))).toBeNull();
    // A token made for the plain name does not pass as the __Secure- one (the salt is the name).
    expect(await sessionIdFrom(headers(`__Secure-authjs.session-token=${good}`))).toBeNull();
    expect(await sessionIdFrom(headers(`authjs.session-token=${await token({ email: "a@b.jp" })}`))).toBeNull();
  });

  it("is nobody's once the token has expired, even after it was read while valid", async () => {
    expect(await sessionIdFrom(headers(`authjs.session-token=${await token({ sid: SID }, { maxAge: -60 })}`))).toBeNull();
    // Within the 15 s of skew Auth.js's decode allows: expired all the same.
    expect(await sessionIdFrom(headers(`authjs.session-token=${await token({ sid: SID }, { maxAge: -5 })}`))).toBeNull();
    const soon = await token({ sid: SID }, { maxAge: 1 });
    expect(await sessionIdFrom(headers(`authjs.session-token=${soon}`))).toBe(SID);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await sessionIdFrom(headers(`authjs.session-token=${soon}`)), "kept, but past its expiry").toBeNull();
  });

  it("is read again under a new secret: a token of the old one no longer passes", async () => {
    const old = secret();
    const t = await token({ sid: SID });
    expect(await sessionIdFrom(headers(`authjs.session-token=${t}`))).toBe(SID);
    process.env.AUTH_SECRET = "rotated-secret-0123456789abcdef0123456789";
    try {
      expect(await sessionIdFrom(headers(`authjs.session-token=${t}`))).toBeNull();
    } finally {
      process.env.AUTH_SECRET = old;
    }
  });
});
