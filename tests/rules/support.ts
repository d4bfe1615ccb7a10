import crypto from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { cases, detectionRules, ruleHits } from "@/db/schema";
import type { ServiceActor } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/events/ingest";
import type { RuleCode, RuleMode } from "@/lib/rules/constants";
import { makeKey } from "../decisions/support";

/** Events through the real ingestion (and so the rules), as the wallet platform sends them. */
export class Platform {
  private n = 0;
  constructor(
    private readonly db: Db,
    readonly actor: ServiceActor,
  ) {}

  static async open(db: Db): Promise<Platform> {
    return new Platform(db, (await makeKey(db, ["events"])).actor);
  }

  private id(kind: string): string {
    return `${kind}-${crypto.randomBytes(6).toString("hex")}-${++this.n}`;
  }

  /** A new wallet linking an account; answers the link's id. */
  async link(o: { bankCode: string; at: Date; verification?: "pin_only" | "otp" | "identity_document"; walletId?: string; email?: string; deviceId?: string; ipAddress?: string }): Promise<{ linkId: string; walletId: string }> {
    const walletId = o.walletId ?? `wlt_${crypto.randomBytes(6).toString("hex")}`;
    const r = await ingestEvents(this.actor, [
      {
        eventId: this.id("lc"),
        type: "link_created",
        walletId,
        email: o.email ?? `${walletId}@mail.example`,
        bankCode: o.bankCode,
        branchCode: "201",
        accountNumber: String(crypto.randomInt(1_000_000, 9_999_999)),
        holderNameKana: "ﾃｽﾄ ﾊﾅｺ",
        verification: o.verification ?? "otp",
        linkedAt: o.at.toISOString(),
        ...(o.deviceId ? { deviceId: o.deviceId } : {}),
        ...(o.ipAddress ? { ipAddress: o.ipAddress } : {}),
      },
    ]);
    if (r.stored !== 1) throw new Error(JSON.stringify(r.results));
    return { linkId: r.results[0]!.linkId!, walletId };
  }

  charge(link: { linkId: string; walletId: string }, amountYen: number, at: Date) {
    return { eventId: this.id("c"), type: "charge", walletId: link.walletId, linkId: link.linkId, amountYen, occurredAt: at.toISOString() };
  }

  payment(link: { linkId: string; walletId: string }, amountYen: number, at: Date, merchantCategory = "convenience_store") {
    return { eventId: this.id("p"), type: "payment", walletId: link.walletId, linkId: link.linkId, amountYen, merchantName: "Test Mart", merchantCategory, occurredAt: at.toISOString() };
  }

  async send(events: unknown[]) {
    const r = await ingestEvents(this.actor, events);
    if (r.invalid) throw new Error(JSON.stringify(r.results.filter((x) => x.status === "invalid")));
    return r;
  }
}

export async function setRule(db: Db, code: RuleCode, mode: RuleMode, params?: Record<string, unknown>): Promise<void> {
  await db
    .update(detectionRules)
    .set({ mode, ...(params ? { params: sql`${detectionRules.params} || ${JSON.stringify(params)}::jsonb` } : {}) })
    .where(eq(detectionRules.code, code));
}

export async function setAllRules(db: Db, mode: RuleMode): Promise<void> {
  await db.update(detectionRules).set({ mode });
}

export async function openCasesOf(db: Db, linkId: string) {
  return db.select().from(cases).where(and(eq(cases.linkedAccountId, linkId), ne(cases.status, "closed")));
}

export async function hitsOf(db: Db, linkId: string) {
  return db.select().from(ruleHits).where(eq(ruleHits.linkedAccountId, linkId));
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
