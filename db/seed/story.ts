import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { bankControls, controlChanges, type ControlKind, type ControlState } from "../schema";
import { DEMO_BANKS } from "./banks";
import { DEMO_BANK_STAFF_CODES, DEMO_STAFF } from "./staff";
import { writeHistoricalAudit, type HistoricalAuditEntry } from "@/lib/audit/write";
import { POPULATION_START, STORY_END } from "./calendar";
import { Random } from "./random";
import { queryRows } from "./query";
import { fromJst } from "@/lib/jst";

/**
 * The cast of the story and the banks' control histories (September 2020). Pure planning here, one
 * writer at the end; every figure is fixed by the seeds below, never by the population scale.
 */

export const STORY_SEED = 20_200_914;
export const FRAUD_BANK_COUNT = 11;
export const CHARGES_SUSPENDED_COUNT = 27;

export interface BankProfile {
  code: string;
  /** Position in DEMO_BANKS (0-based). */
  index: number;
  /** Relative size: share of the ordinary links. */
  weight: number;
  /** Share (per mille) of ordinary links verified by PIN only, before any tightening. */
  pinPermille: number;
  /** One of the 11 banks where the fraudulent withdrawals happened. */
  fraud: boolean;
  /** One of the 27 banks that had stopped charges by Monday 16:00. */
  chargesSuspended: boolean;
}

export interface PlannedControlChange {
  bankCode: string;
  control: ControlKind;
  from: ControlState;
  to: ControlState;
  reason: string;
  /** A demo staff e-mail. */
  by: string;
  at: Date;
}

export interface Story {
  banks: BankProfile[];
  changes: PlannedControlChange[];
}

export function fraudBankCodes(): string[] {
  const rng = new Random(STORY_SEED);
  const others = DEMO_BANKS.map((b) => b.code).filter((c) => !(DEMO_BANK_STAFF_CODES as readonly string[]).includes(c));
  const picked = rng.shuffle(others).slice(0, FRAUD_BANK_COUNT - DEMO_BANK_STAFF_CODES.length);
  return [...DEMO_BANK_STAFF_CODES, ...picked].sort();
}

function bankProfiles(): BankProfile[] {
  const rng = new Random(STORY_SEED + 1);
  const fraud = new Set(fraudBankCodes());
  const calm = rng.shuffle(DEMO_BANKS.map((b) => b.code).filter((c) => !fraud.has(c)));
  // All fraud banks stopped charges; 16 of the other 24 followed.
  const stopped = new Set([...fraud, ...calm.slice(0, CHARGES_SUSPENDED_COUNT - FRAUD_BANK_COUNT)]);
  return DEMO_BANKS.map((b, index) => {
    const isFraud = fraud.has(b.code);
    const weight = b.code === "0101" ? 14 : b.code === "0108" ? 9 : rng.int(2, 10);
    // The banks hit were those that let a PIN alone link an account; some others already asked for an OTP.
    const pinPermille = isFraud ? rng.int(900, 970) : rng.chance(0.3) ? rng.int(250, 550) : rng.int(700, 900);
    return { code: b.code, index, weight, pinPermille, fraud: isFraud, chargesSuspended: stopped.has(b.code) };
  });
}

const REASONS = {
  registrationsStrong: [
    "不正な口座連携が確認されたため、新規登録はワンタイムパスワードまたは本人確認書類による認証を必須とします",
    "Fraudulent links confirmed: new links only with a one-time password or an identity document",
    "全国銀行協会の要請を受け、新規登録を強固な本人認証に限定",
  ],
  registrationsSuspended: [
    "電子マネー口座連携の不正利用を受け、新規登録を停止",
    "New registrations suspended after fraudulent account linking at our bank",
    "不正出金の被害拡大防止のため、口座連携の新規受付を一時停止",
    "Suspending new links until the wallet provider confirms stronger identity checks",
  ],
  registrationsBulk: "全提携銀行で新規口座登録を一時停止（不正出金事案への対応） / New registrations suspended at all partner banks",
  chargesStrong: [
    "PIN認証のみで連携された口座からのチャージを停止",
    "Charges only from links verified by OTP or identity document",
  ],
  chargesSuspended: [
    "不正出金の被害拡大防止のため、チャージを停止",
    "Charges stopped to contain fraudulent withdrawals",
    "当行口座からのチャージを全面停止（調査完了まで）",
    "Charges suspended pending the carrier's investigation report",
  ],
};

const CARRIER_OPERATORS = ["operator@carrier.demo", "manager@carrier.demo", "manager2@carrier.demo"];

function whoChanges(rng: Random, code: string): string {
  if ((DEMO_BANK_STAFF_CODES as readonly string[]).includes(code) && rng.chance(0.7)) {
    return rng.pick([`operator@bank${code}.demo`, `manager@bank${code}.demo`]);
  }
  return rng.pick(CARRIER_OPERATORS);
}

/** A minute on a Japan-time day between two hours. */
function onDay(rng: Random, day: string, fromHour: number, toHour: number): Date {
  const start = fromJst(`${day} 00:00`).getTime();
  const minutes = rng.int(fromHour * 60, toHour * 60 - 1);
  return new Date(start + minutes * 60_000);
}

function planChanges(banks: BankProfile[]): PlannedControlChange[] {
  const rng = new Random(STORY_SEED + 2);
  const out: PlannedControlChange[] = [];
  const add = (bankCode: string, control: ControlKind, from: ControlState, to: ControlState, at: Date, reason?: string, by?: string) => {
    const pool = control === "registrations" ? (to === "strong_only" ? REASONS.registrationsStrong : REASONS.registrationsSuspended) : to === "strong_only" ? REASONS.chargesStrong : REASONS.chargesSuspended;
    out.push({ bankCode, control, from, to, at, reason: reason ?? rng.pick(pool), by: by ?? whoChanges(rng, bankCode) });
  };

  const fraud = rng.shuffle(banks.filter((b) => b.fraud));
  const calm = rng.shuffle(banks.filter((b) => !b.fraud));

  // Registrations at the banks hit: first tightened on Friday 4 September, suspended by Tuesday 8.
  fraud.forEach((b, i) => {
    if (i < 6) {
      const strong = onDay(rng, "2020-09-04", 10, 19);
      add(b.code, "registrations", "open", "strong_only", strong);
      add(b.code, "registrations", "strong_only", "suspended", onDay(rng, "2020-09-07", 9, 18));
    } else {
      add(b.code, "registrations", "open", "suspended", onDay(rng, rng.pick(["2020-09-07", "2020-09-08"]), 9, 12));
    }
  });
  // The other banks: some tightened on the 8th, ten suspended on the 9th, then the carrier's bulk action.
  const bulkAt = fromJst("2020-09-10 10:00");
  calm.forEach((b, i) => {
    let state: ControlState = "open";
    if (i % 3 === 0) {
      add(b.code, "registrations", "open", "strong_only", onDay(rng, "2020-09-08", 10, 17));
      state = "strong_only";
    }
    if (i < 10) add(b.code, "registrations", state, "suspended", onDay(rng, "2020-09-09", 9, 19));
    else add(b.code, "registrations", state, "suspended", bulkAt, REASONS.registrationsBulk, "manager@carrier.demo");
  });

  // Charges: the banks hit first (8th-10th), then the others through Monday 14 September.
  fraud.forEach((b, i) => {
    if (i < 3) {
      add(b.code, "charges", "open", "strong_only", onDay(rng, "2020-09-07", 13, 20));
      add(b.code, "charges", "strong_only", "suspended", onDay(rng, "2020-09-09", 9, 18));
    } else {
      add(b.code, "charges", "open", "suspended", onDay(rng, rng.pick(["2020-09-08", "2020-09-09", "2020-09-10"]), 9, 19));
    }
  });
  const stopping = calm.filter((b) => b.chargesSuspended);
  const days = ["2020-09-10", "2020-09-11", "2020-09-11", "2020-09-11", "2020-09-12", "2020-09-13", "2020-09-14"];
  stopping.forEach((b, i) => {
    const last = i === stopping.length - 1;
    const day = last ? "2020-09-14" : days[Math.min(days.length - 1, Math.floor((i * days.length) / stopping.length))]!;
    let state: ControlState = "open";
    if (i % 5 === 1) {
      add(b.code, "charges", "open", "strong_only", onDay(rng, "2020-09-09", 9, 12));
      state = "strong_only";
    }
    // Monday's changes fall in the morning; the last one is the 16:00 of the announcement.
    const at = last ? STORY_END : day === "2020-09-14" ? onDay(rng, day, 9, 15) : onDay(rng, day, 9, 20);
    add(b.code, "charges", state, "suspended", at);
  });
  // Three of the eight others only require strong verification for charges.
  calm
    .filter((b) => !b.chargesSuspended)
    .slice(0, 3)
    .forEach((b) => add(b.code, "charges", "open", "strong_only", onDay(rng, rng.pick(["2020-09-11", "2020-09-12"]), 10, 18)));

  out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.bankCode.localeCompare(b.bankCode) || a.control.localeCompare(b.control));
  const last = out[out.length - 1]!;
  if (last.at.getTime() !== STORY_END.getTime() || out.filter((c) => c.at.getTime() === STORY_END.getTime()).length !== 1) {
    throw new Error("the control story must end with exactly one change at Monday 2020-09-14 16:00 JST");
  }
  return out;
}

export function planStory(): Story {
  const banks = bankProfiles();
  return { banks, changes: planChanges(banks) };
}

/** The first instant each control of a bank left `open` (for the population's rules); Infinity if never. */
export function firstChangeAt(story: Story, code: string, control: ControlKind, to?: ControlState): number {
  const c = story.changes.find((x) => x.bankCode === code && x.control === control && (to === undefined || x.to === to));
  return c ? c.at.getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Writes the control history: one control_changes row per change, its audit entry (at its own
 * time, chained in the order the changes happened), and bank_controls holding each switch's final
 * state. Versions come from control_version_seq, in the order the changes happened.
 */
export async function writeControlHistory(
  tx: Queryable,
  story: Story,
  bankIds: Map<string, string>,
  userIds: Map<string, string>,
): Promise<void> {
  const n = story.changes.length;
  const [row] = await queryRows<{ first: string | number }>(tx, sql`select nextval('control_version_seq') as first`);
  const first = Number(row!.first);
  await tx.execute(sql`select setval('control_version_seq', ${first + n - 1})`);

  const id = (m: Map<string, string>, key: string) => {
    const v = m.get(key);
    if (!v) throw new Error(`seed: unknown ${key}`);
    return v;
  };
  await tx.insert(controlChanges).values(
    story.changes.map((c) => ({
      bankId: id(bankIds, c.bankCode),
      control: c.control,
      fromState: c.from,
      toState: c.to,
      reason: c.reason,
      changedBy: id(userIds, c.by),
      changedAt: c.at,
    })),
  );
  await writeStoryAudit(tx, story, bankIds, userIds, first);
  // Switches never touched keep their state since the bank joined the platform.
  await tx.update(bankControls).set({ changedAt: POPULATION_START, version: 1, changedBy: null, reason: null });
  const finals = new Map<string, { c: PlannedControlChange; version: number }>();
  story.changes.forEach((c, i) => finals.set(`${c.bankCode}:${c.control}`, { c, version: first + i }));
  for (const { c, version } of finals.values()) {
    await tx
      .update(bankControls)
      .set({ state: c.to, version, changedAt: c.at, changedBy: id(userIds, c.by), reason: c.reason })
      .where(sql`${bankControls.bankId} = ${id(bankIds, c.bankCode)} and ${bankControls.control} = ${c.control}`);
  }
}

/** The request id of the story's audit entries: written by the seed, not by a request. */
export const STORY_AUDIT_REQUEST = { requestId: "seed:story-2020", ip: null };

/**
 * The story's control changes in the audit log too, as the console records a tightening
 * (`control.tightened` on `bank_control` BANK:CONTROL, by the person, with the states and versions
 * before and after), at their historical times and in the order they happened: an auditor finds the
 * incident in the log, not only in each bank's history. The carrier's bulk suspension of 10
 * September carries `bulk` as a live one does.
 */
async function writeStoryAudit(tx: Queryable, story: Story, orgIds: Map<string, string>, userIds: Map<string, string>, firstVersion: number): Promise<void> {
  const staffOrg = new Map(DEMO_STAFF.map((s) => [s.email, orgIds.get(s.org)]));
  const versionOf = new Map<string, number>();
  const together = (c: PlannedControlChange) => `${c.at.getTime()}|${c.by}|${c.control}|${c.to}|${c.reason}`;
  const groups = new Map<string, number>();
  for (const c of story.changes) groups.set(together(c), (groups.get(together(c)) ?? 0) + 1);
  const entries: HistoricalAuditEntry[] = story.changes.map((c, i) => {
    const key = `${c.bankCode}:${c.control}`;
    const version = firstVersion + i;
    // Untouched switches are at version 1 since the bank joined (see below).
    const before = { state: c.from, version: versionOf.get(key) ?? 1 };
    versionOf.set(key, version);
    const bulk = groups.get(together(c))!;
    const userId = userIds.get(c.by);
    if (!userId) throw new Error(`seed: unknown ${c.by}`);
    return {
      at: c.at,
      who: { userId, label: c.by, orgId: staffOrg.get(c.by) ?? null, request: STORY_AUDIT_REQUEST },
      input: {
        action: "control.tightened",
        entityType: "bank_control",
        entityId: key,
        bankId: orgIds.get(c.bankCode) ?? null,
        before,
        after: { state: c.to, version, reason: c.reason, cancelledRequests: [], ...(bulk > 1 ? { bulk: { banks: bulk, changed: bulk } } : {}) },
      },
    };
  });
  await writeHistoricalAudit(tx, entries);
}

/** Guards used by the planners: the story must respect the order of events. */
export function assertBefore(what: string, at: Date, limit: number): void {
  if (!(at.getTime() < limit)) throw new Error(`seed story: ${what} at ${at.toISOString()} is not before ${new Date(limit).toISOString()}`);
}
