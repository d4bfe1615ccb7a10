import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as enrolmentRoute } from "@/app/api/v1/auth/enrolment/route";
import { auditLog, organisations, signInFailures, staffSessions, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { DEMO_PASSWORD } from "@/db/seed/staff";
import type { RequestMeta } from "@/lib/auth/actor";
import { signInWithPassword, type SignInResult } from "@/lib/auth/sign-in";
import { listAudit } from "@/lib/audit/query";
import { throttlePolicy } from "@/lib/auth/throttle";
import { PEER_HEADER, peerHeaderValue } from "@/lib/http/peer.js";
import { actorOf } from "../admin/support";
import { describeEachDb } from "../support/db";
import { demoCode } from "../support/totp";

const STEP = 30_000;
const INVALID = { ok: false, failure: "invalid_credentials" };
const from = (ip: string): RequestMeta => ({ requestId: `throttle-${ip}`, ip });

/** Runs `body` with these environment variables, then puts the old values back. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  set(vars);
  try {
    return await body();
  } finally {
    set(old);
  }
}

describeEachDb("sign-in throttling", (ctx) => {
  const db = () => ctx.handle.db;
  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
  });
  afterEach(() => {
    delete process.env.LINKGUARD_TRUSTED_PROXIES;
  });

  async function signIn(email: string, ip: string, password = DEMO_PASSWORD, code: string | undefined = demoCode(email)) {
    return signInWithPassword(db(), { email, password, code }, from(ip));
  }

  async function reasons(email: string, source?: string): Promise<string[]> {
    const rows = await db()
      .select({ reason: signInFailures.reason })
      .from(signInFailures)
      .where(and(eq(signInFailures.email, email), source ? eq(signInFailures.source, source) : undefined))
      .orderBy(signInFailures.id);
    return rows.map((r) => r.reason);
  }

  it("counts failures per (account, source): a source past its limit gets no verdict, while a clean source signs the owner in", async () => {
    const email = "auditor@bank0108.demo";
    const { pairLimit } = throttlePolicy();
    for (let i = 0; i < pairLimit; i++) expect(await signIn(email, "203.0.113.1", `wrong-password-${i}`, "000000")).toEqual(INVALID);
    // The attacker now even has the right password and code: refused without a verdict, counted.
    expect(await signIn(email, "203.0.113.1")).toEqual(INVALID);
    expect(await reasons(email, "203.0.113.1")).toEqual([...Array(pairLimit).fill("wrong_password"), "throttled"]);
    // The owner, from an address that has not failed, signs in with the same (unspent) code.
    const owner = await signIn(email, "198.51.100.20");
    expect(owner.ok).toBe(true);
    // ...and the attacker's failures are still counted against the attacker's address.
    expect(await signIn(email, "203.0.113.1", DEMO_PASSWORD, demoCode(email, Date.now() + STEP))).toEqual(INVALID);
  });

  it("counts failures per source across accounts, unknown e-mails included", async () => {
    await withEnv({ LINKGUARD_SIGNIN_SOURCE_LIMIT: "5" }, async () => {
      for (let i = 0; i < 5; i++) {
        expect(await signInWithPassword(db(), { email: `nobody-${i}@bank0108.demo`, password: "wrong-password-1", code: "000000" }, from("203.0.113.2"))).toEqual(INVALID);
      }
      const email = "investigator@bank0108.demo";
      expect(await signIn(email, "203.0.113.2")).toEqual(INVALID);
      expect(await reasons(email, "203.0.113.2")).toEqual(["throttled"]);
      expect((await signIn(email, "198.51.100.21")).ok).toBe(true);
    });
  });

  it("many sources against one account slow it down, capped, and never lock its owner out; the owner and the organisation's admins see the attack", async () => {
    const email = "manager@bank0108.demo";
    const policy = throttlePolicy();
    const attackers = Array.from({ length: 25 }, (_, i) => `203.0.113.${100 + i}`);
    await withEnv({ LINKGUARD_NO_SIGNIN_DELAY: undefined }, async () => {
      const failures = await Promise.all(attackers.map((ip) => signIn(email, ip, "wrong-password-9", "000000")));
      expect(failures).toEqual(attackers.map(() => INVALID));

      const started = Date.now();
      const owner = await signIn(email, "198.51.100.22");
      const took = Date.now() - started;
      expect(owner.ok).toBe(true);
      expect(took).toBeGreaterThanOrEqual(policy.accountDelayCapMs); // slowed...
      expect(took).toBeLessThan(policy.accountDelayCapMs + 5_000); // ...but only up to the cap
      if (!owner.ok) return;

      // One attack entry, under the account's organisation (what its admins read), with the count that crossed the line.
      const [user] = await db().select().from(users).where(eq(users.email, email));
      const attack = await db().select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in_attack"), eq(auditLog.entityId, user!.id)));
      expect(attack).toHaveLength(1);
      expect(attack[0]!.orgId).toBe(user!.orgId);
      expect(attack[0]!.after).toMatchObject({ failures: policy.accountSlowAfter });
      const [org] = await db().select().from(organisations).where(eq(organisations.id, user!.orgId));
      expect(org?.bankCode).toBe("0108");
      // The bank's administrator reads it in the audit log; another bank's administrator does not.
      const seen = async (admin: string) => (await listAudit(await actorOf(db(), admin), { action: "auth.sign_in_attack" })).items.map((i) => i.entityId);
      expect(await seen("admin@bank0108.demo")).toContain(user!.id);
      expect(await seen("admin@bank0101.demo")).not.toContain(user!.id);

      // The owner is told at this sign-in, once.
      const [session] = await db().select().from(staffSessions).where(eq(staffSessions.id, owner.sessionId));
      expect(session?.signInNotice).toMatchObject({ failures: attackers.length, sources: attackers.length });
      const again = await signIn(email, "198.51.100.22", DEMO_PASSWORD, demoCode(email, Date.now() + STEP));
      if (!again.ok) throw new Error("second sign-in refused");
      const [next] = await db().select().from(staffSessions).where(eq(staffSessions.id, again.sessionId));
      expect(next?.signInNotice).toBeNull();
    });
  });

  it("every failure kind has the same answer, counts as a failure and takes at least the floor: the right password with an empty code is no oracle", async () => {
    const floorMs = 500; // the default (tests/support/setup.ts turns it off elsewhere)
    const email = "investigator2@carrier.demo";
    const samples: Record<string, number[]> = {};
    const results: SignInResult[] = [];
    const timed = async (kind: string, run: () => Promise<SignInResult>) => {
      const started = performance.now();
      results.push(await run());
      (samples[kind] ??= []).push(performance.now() - started);
    };
    const used = demoCode(email);
    expect((await signIn(email, "198.51.100.30", DEMO_PASSWORD, used)).ok).toBe(true);
    await withEnv({ LINKGUARD_SIGNIN_FLOOR_MS: undefined }, async () => {
      for (let i = 0; i < 3; i++) {
        const ip = `198.51.100.${40 + i}`;
        await timed("unknown_email", () => signInWithPassword(db(), { email: `ghost-${i}@carrier.demo`, password: DEMO_PASSWORD, code: "123456" }, from(ip)));
        await timed("wrong_password", () => signIn(email, ip, "not-the-password-1"));
        await timed("missing_code", () => signIn(email, ip, DEMO_PASSWORD, ""));
        await timed("wrong_code", () => signIn(email, ip, DEMO_PASSWORD, demoCode(email, Date.now() + 10 * STEP)));
        await timed("reused_code", () => signIn(email, ip, DEMO_PASSWORD, used));
      }
      await withEnv({ LINKGUARD_SIGNIN_PAIR_LIMIT: "1" }, async () => {
        await signIn(email, "198.51.100.50", "not-the-password-1");
        for (let i = 0; i < 3; i++) await timed("throttled", () => signIn(email, "198.51.100.50", DEMO_PASSWORD, used));
      });
    });

    expect(results).toEqual(results.map(() => INVALID));
    const counted = new Set(await reasons(email));
    for (const kind of ["wrong_password", "missing_code", "wrong_code", "reused_code", "throttled"]) expect(counted).toContain(kind);
    expect(await reasons("ghost-0@carrier.demo")).toEqual(["unknown_email"]);
    // The floor is what is asserted, not a ratio: on a loaded machine the argon2 check alone varies
    // by hundreds of milliseconds, for every kind alike.
    for (const [kind, times] of Object.entries(samples)) {
      for (const ms of times) expect(ms, `${kind} answered after ${ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(floorMs - 1);
    }
  });

  it("50 attempts in parallel on one account get no more verdicts than 50 in a row", async () => {
    const { pairLimit } = throttlePolicy();
    const serial: SignInResult[] = [];
    for (let i = 0; i < 50; i++) serial.push(await signIn("operator@bank0108.demo", "203.0.113.50", `wrong-password-${i}`, "000000"));
    const parallel = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signIn("admin@bank0108.demo", "203.0.113.51", `wrong-password-${i}`, "000000")),
    );
    expect([...serial, ...parallel]).toEqual(Array(100).fill(INVALID));
    const verdicts = async (email: string) => (await reasons(email)).filter((r) => r !== "throttled").length;
    expect(await verdicts("operator@bank0108.demo")).toBe(pairLimit);
    expect(await verdicts("admin@bank0108.demo")).toBe(pairLimit);
    expect(await reasons("admin@bank0108.demo")).toHaveLength(50);
  }, 120_000);

  describe("over HTTP (the enrolment route, public)", () => {
    function enrol(body: unknown, headers: Record<string, string>): Request {
      return new Request("http://localhost/api/v1/auth/enrolment", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    }
    async function lastFailureIp(email: string): Promise<string | null> {
      const [row] = await db()
        .select({ ip: auditLog.ip })
        .from(auditLog)
        .where(and(eq(auditLog.action, "auth.sign_in_failed"), eq(auditLog.actorLabel, email)))
        .orderBy(sql`${auditLog.seq} desc`)
        .limit(1);
      return row?.ip ?? null;
    }

    it("the audit log's IP is the socket's address; X-Forwarded-For counts only through a trusted proxy", async () => {
      const body = { email: "ip-probe@carrier.demo", password: "not-the-password-1" };
      const peer = { [PEER_HEADER]: peerHeaderValue("203.0.113.9"), "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" };
      expect((await enrolmentRoute(enrol(body, peer))).status).toBe(401);
      expect(await lastFailureIp(body.email)).toBe("203.0.113.9");

      process.env.LINKGUARD_TRUSTED_PROXIES = "203.0.113.0/24";
      expect((await enrolmentRoute(enrol(body, peer))).status).toBe(401);
      expect(await lastFailureIp(body.email)).toBe("198.51.100.1");

      // A peer header the client wrote itself names no one.
      expect((await enrolmentRoute(enrol(body, { [PEER_HEADER]: "forged 198.51.100.3", "x-forwarded-for": "198.51.100.3" }))).status).toBe(401);
      expect(await lastFailureIp(body.email)).toBeNull();
    });

    it("answers every refusal with the same body: unknown e-mail, wrong password, and a right password for an account that has its second factor", async () => {
      const headers = { [PEER_HEADER]: peerHeaderValue("198.51.100.60") };
      const answers = [];
      for (const body of [
        { email: "nobody-http@carrier.demo", password: "not-the-password-1" },
        { email: "auditor@carrier.demo", password: "not-the-password-1" },
        { email: "auditor@carrier.demo", password: DEMO_PASSWORD },
      ]) {
        const res = await enrolmentRoute(enrol(body, headers));
        const json = (await res.json()) as Record<string, unknown>;
        delete json.requestId;
        answers.push({ status: res.status, type: res.headers.get("content-type"), json });
      }
      expect(answers[0]!.status).toBe(401);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });
  });
});
