import type { Queryable } from "../index";
import { caseEvents, cases, caseTransactions, incidents, linkedAccounts, transactions, wallets } from "../schema";
import type { MerchantCategory } from "../schema";
import { DAY, FIRST_FRAUD_WINDOW, FRAUD_ACTIVITY_END, LAST_CASE_OPENED, STORY_END, addMs, addWorkingMinutes, HOUR, workingMinutesBetween } from "./calendar";
import { FAMILY_NAMES, GIVEN_NAMES, MERCHANT_BRANCHES, MERCHANT_CHAINS, THROWAWAY_DOMAINS, holderName } from "./names";
import { Random, splitAmount } from "./random";
import { STORY_SEED, assertBefore, firstChangeAt, fraudBankCodes, type Story } from "./story";
import { accountHash } from "@/lib/events/account-hash";
import { normaliseKana } from "@/lib/kana";
import { fromJst } from "@/lib/jst";

/**
 * The incident and its 120 confirmed cases: for each, the fraudster's throw-away wallet, the
 * victim's account linked with a PIN only, the charges that emptied it and the spending that
 * followed, and the investigators' timeline.
 */

export const CASE_COUNT = 120;
export const TOTAL_LOSS_YEN = 25_420_000;
export const INCIDENT_REFERENCE = "INC-2020-001";
const MIN_LOSS = 30_000;
const MAX_LOSS = 900_000;
const INVESTIGATORS = ["investigator@carrier.demo", "investigator2@carrier.demo"];

export interface PlannedTransaction {
  id: string;
  kind: "charge" | "payment";
  amountYen: number;
  at: Date;
  category?: MerchantCategory;
  merchant?: string;
}

export interface PlannedEvent {
  kind: "opened" | "status_changed" | "outcome_set" | "transaction_linked" | "note";
  at: Date;
  actor: string;
  body: Record<string, unknown>;
}

export interface PlannedCase {
  id: string;
  reference: string;
  bankCode: string;
  lossYen: number;
  holder: string;
  wallet: { id: string; email: string; registeredAt: Date };
  link: { id: string; branch: string; number: string; linkedAt: Date };
  charges: PlannedTransaction[];
  payments: PlannedTransaction[];
  openedAt: Date;
  confirmedAt: Date;
  assignee: string;
  events: PlannedEvent[];
}

/** 120 whole-yen losses in thousands, ¥30,000–¥900,000, adding up to exactly ¥25,420,000. */
export function planLosses(rng: Random): number[] {
  const raw = Array.from({ length: CASE_COUNT }, () => Math.exp(Math.log(MIN_LOSS) + rng.next() ** 1.25 * Math.log(MAX_LOSS / MIN_LOSS)));
  const k = TOTAL_LOSS_YEN / raw.reduce((s, x) => s + x, 0);
  const out = raw.map((x) => Math.min(MAX_LOSS, Math.max(MIN_LOSS, Math.round((x * k) / 1000) * 1000)));
  let diff = TOTAL_LOSS_YEN - out.reduce((s, x) => s + x, 0);
  const order = rng.shuffle(out.map((_, i) => i));
  for (let guard = 0; diff !== 0 && guard < 1_000_000; guard++) {
    const i = order[guard % order.length]!;
    const step = diff > 0 ? 1000 : -1000;
    if (out[i]! + step >= MIN_LOSS && out[i]! + step <= MAX_LOSS) {
      out[i]! += step;
      diff -= step;
    }
  }
  if (diff !== 0) throw new Error("seed: could not split the total loss");
  return out;
}

/** How many fraudulent links fell in each period: one in October 2019, accelerating from August 2020. */
const WINDOWS: [string, string, number][] = [
  ["2019-11-01", "2019-12-01", 1],
  ["2019-12-01", "2020-01-01", 1],
  ["2020-01-01", "2020-02-01", 2],
  ["2020-02-01", "2020-03-01", 2],
  ["2020-03-01", "2020-04-01", 3],
  ["2020-04-01", "2020-05-01", 3],
  ["2020-05-01", "2020-06-01", 4],
  ["2020-06-01", "2020-07-01", 5],
  ["2020-07-01", "2020-08-01", 8],
  ["2020-08-01", "2020-08-16", 15],
  ["2020-08-16", "2020-09-01", 40],
  ["2020-09-01", "2020-09-02 06:00", 35],
];

/** Fraudsters work at night: a random second in [from, to) with most hours between 21:00 and 05:00 JST. */
function nightInstant(rng: Random, from: Date, to: Date): Date {
  for (let i = 0; i < 20; i++) {
    const t = new Date(from.getTime() + Math.floor((rng.next() * (to.getTime() - from.getTime())) / 1000) * 1000);
    const hour = (t.getUTCHours() + 9) % 24;
    if (hour >= 21 || hour < 5 || rng.chance(0.3)) return t;
  }
  return from;
}

function casesPerBank(rng: Random, codes: string[]): Map<string, number> {
  const fixed: Record<string, number> = { "0101": 24, "0108": 17 };
  const rest = codes.filter((c) => !(c in fixed));
  const left = CASE_COUNT - Object.values(fixed).reduce((s, n) => s + n, 0);
  const shares = splitAmount(rng, left - rest.length * 3, rest.length, 1).map((n) => n + 3);
  const out = new Map<string, number>(Object.entries(fixed));
  rest.forEach((c, i) => out.set(c, shares[i]!));
  return out;
}

function throwawayEmail(rng: Random, family: string): string {
  const pattern = rng.weighted([
    ["random", 4],
    ["pay", 3],
    ["name", 2],
    ["kaitori", 1],
  ] as const);
  const alnum = () => Array.from({ length: 8 }, () => rng.pick("abcdefghijkmnpqrstuvwxyz23456789".split(""))).join("");
  const digits = (n: number) => String(rng.int(0, 10 ** n - 1)).padStart(n, "0");
  switch (pattern) {
    case "random":
      return `${alnum()}@${THROWAWAY_DOMAINS[0]}`;
    case "pay":
      return `pay${digits(4)}@${THROWAWAY_DOMAINS[1]}`;
    case "name":
      return `${family}${digits(4)}@${THROWAWAY_DOMAINS[2]}`;
    case "kaitori":
      return `kaitori.${digits(3)}@${THROWAWAY_DOMAINS[3]}`;
  }
}

function spend(rng: Random, charge: PlannedTransaction): PlannedTransaction[] {
  const out: PlannedTransaction[] = [];
  let left = charge.amountYen;
  let at = charge.at;
  while (left > 0) {
    const category = rng.weighted<MerchantCategory>([
      ["convenience_store", 50],
      ["home_appliances", 38],
      ["online", 7],
      ["other", 5],
    ]);
    const draw =
      category === "convenience_store"
        ? rng.pick([10_000, 20_000, 30_000, 30_000, 50_000, rng.int(3, 45) * 1_000 - rng.pick([0, 20, 200])])
        : category === "home_appliances"
          ? rng.int(20, 220) * 1_000 - rng.pick([0, 200, 20, 2_000])
          : rng.int(3, 40) * 1_000 - rng.pick([0, 20, 100]);
    let amount = Math.min(left, draw);
    if (left - amount < 3_000) amount = left;
    at = addMs(at, rng.int(4, 40) * 60_000);
    const chain = rng.pick(MERCHANT_CHAINS[category]);
    const merchant = category === "online" ? chain : `${chain} ${rng.pick(MERCHANT_BRANCHES)}`;
    out.push({ id: rng.uuid(), kind: "payment", amountYen: amount, at, category, merchant });
    left -= amount;
  }
  return out;
}

const NOTES = [
  "被害者から身に覚えのないチャージについて銀行経由で申告あり。口座連携時の認証はPINのみ。",
  "連携直後に上限近くまでチャージ、同日中にコンビニでプリペイドカード購入を確認。",
  "Wallet registered minutes before the link with a throw-away address; victim never used the service.",
  "家電量販店での高額決済。店舗へ防犯カメラ映像の保全を依頼済み。",
  "Same e-mail pattern as wallets at other banks in this incident.",
  "銀行側で被害者本人と面談。本人による連携ではないことを確認。",
];

export function planCases(story: Story): PlannedCase[] {
  const rng = new Random(STORY_SEED + 10);
  const codes = fraudBankCodes();
  const perBank = casesPerBank(rng, codes);
  const losses = planLosses(rng);

  const linkTimes: Date[] = [nightInstant(rng, FIRST_FRAUD_WINDOW.from, FIRST_FRAUD_WINDOW.to)];
  for (const [from, to, n] of WINDOWS) {
    const a = fromJst(from.includes(" ") ? from : `${from} 00:00`);
    const b = fromJst(to.includes(" ") ? to : `${to} 00:00`);
    for (let i = 0; i < n; i++) linkTimes.push(nightInstant(rng, a, b));
  }
  linkTimes.sort((x, y) => x.getTime() - y.getTime());
  if (linkTimes.length !== CASE_COUNT) throw new Error("seed: the case windows must add up to 120");
  // The first case belongs to the bank with demo staff; the rest in random order.
  const bankOrder = rng.shuffle([...perBank].flatMap(([code, n]) => Array.from({ length: code === "0101" ? n - 1 : n }, () => code)));
  bankOrder.unshift("0101");

  const planned = linkTimes.map((linkedAt, i): Omit<PlannedCase, "reference"> => {
    const bankCode = bankOrder[i]!;
    const lossYen = losses[i]!;
    const [family, familyRomaji] = rng.pick(FAMILY_NAMES);
    const [given] = rng.pick(GIVEN_NAMES);
    const holder = holderName(family, given, rng.chance(0.2));
    const wallet = {
      id: `wlt_${rng.hex(8)}f${rng.hex(5)}`,
      email: throwawayEmail(rng, familyRomaji),
      registeredAt: addMs(linkedAt, -rng.int(2, 30) * 60_000),
    };
    const link = { id: rng.uuid(), branch: String(rng.int(1, 420)).padStart(3, "0"), number: String(rng.int(1_000_000, 9_999_999)), linkedAt };

    const parts = Math.min(6, 1 + Math.floor(lossYen / 200_000) + rng.int(0, 1));
    let at = addMs(linkedAt, rng.int(3, 40) * 60_000);
    const charges: PlannedTransaction[] = [];
    const payments: PlannedTransaction[] = [];
    for (const amountYen of splitAmount(rng, lossYen, parts)) {
      const charge: PlannedTransaction = { id: rng.uuid(), kind: "charge", amountYen, at };
      const spent = spend(rng, charge);
      charges.push(charge);
      payments.push(...spent);
      at = addMs(spent[spent.length - 1]!.at, rng.int(10, 120) * 60_000);
    }
    const lastMove = payments[payments.length - 1]!.at;
    const limits = { reg: firstChangeAt(story, bankCode, "registrations"), chg: firstChangeAt(story, bankCode, "charges") };
    assertBefore("fraudulent link", linkedAt, Math.min(limits.reg, FRAUD_ACTIVITY_END.getTime()));
    for (const c of charges) assertBefore("fraudulent charge", c.at, Math.min(limits.chg, FRAUD_ACTIVITY_END.getTime()));

    const delayDays = i === 0 ? rng.int(3, 10) : linkedAt < fromJst("2020-08-01") ? rng.int(2, 18) : rng.int(1, 7);
    let openedAt = addWorkingMinutes(addMs(lastMove, delayDays * DAY), rng.int(0, 180));
    if (openedAt > LAST_CASE_OPENED) openedAt = addWorkingMinutes(addMs(LAST_CASE_OPENED, -rng.int(24, 48) * HOUR), rng.int(0, 180));
    const assignee = rng.pick(INVESTIGATORS);
    const other = INVESTIGATORS.find((e) => e !== assignee)!;

    // The investigators' timeline in working minutes, squeezed before Monday 16:00 when it would run past it.
    const moves = [...charges, ...payments];
    const offsets: number[] = [0];
    let o = 0;
    const step = (min: number, max: number) => (o += rng.int(min, max));
    offsets.push(step(20, 4 * 60)); // triage
    offsets.push(step(30, 11 * 60)); // investigating
    for (let k = 0; k < moves.length; k++) offsets.push(step(1, 5));
    offsets.push(step(60, 22 * 60)); // note
    const secondNote = rng.chance(0.4);
    if (secondNote) offsets.push(step(30, 11 * 60));
    offsets.push(step(60, 33 * 60)); // confirmed
    const room = workingMinutesBetween(openedAt, addMs(STORY_END, -30 * 60_000));
    const squeeze = o > room ? room / o : 1;
    const times = offsets.map((m) => addWorkingMinutes(openedAt, Math.floor(m * squeeze)));
    let t = 0;
    const events: PlannedEvent[] = [
      { kind: "opened", at: times[t++]!, actor: assignee, body: { source: rng.pick(["bank_report", "customer_report", "carrier_monitoring"]) } },
      { kind: "status_changed", at: times[t++]!, actor: assignee, body: { from: "new", to: "triage" } },
      { kind: "status_changed", at: times[t++]!, actor: assignee, body: { from: "triage", to: "investigating" } },
      ...moves.map((m): PlannedEvent => ({ kind: "transaction_linked", at: times[t++]!, actor: assignee, body: { transactionId: m.id, kind: m.kind, amountYen: m.amountYen } })),
      { kind: "note", at: times[t++]!, actor: assignee, body: { text: rng.pick(NOTES) } },
    ];
    if (secondNote) events.push({ kind: "note", at: times[t++]!, actor: other, body: { text: rng.pick(NOTES) } });
    const confirmedAt = times[t]!;
    events.push(
      { kind: "status_changed", at: confirmedAt, actor: assignee, body: { from: "investigating", to: "closed" } },
      { kind: "outcome_set", at: confirmedAt, actor: assignee, body: { from: null, to: "confirmed_fraud" } },
    );

    return { id: rng.uuid(), bankCode, lossYen, holder, wallet, link, charges, payments, openedAt, confirmedAt, assignee, events };
  });

  // References in the order the cases were opened, numbered per year.
  const byOpening = [...planned].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  const perYear = new Map<number, number>();
  return byOpening.map((c) => {
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo", year: "numeric" }).format(c.openedAt));
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    return { ...c, reference: `C-${year}-${String(n).padStart(4, "0")}` };
  });
}

/** The ring's phones and the addresses it worked from (documentation range 203.0.113.0/24). */
const RING_DEVICES = 8;
const RING_ADDRESSES = 5;

/**
 * Where each fraudulent link was made from: the ring shared a handful of phones and a few
 * addresses, so its links at different banks share devices and IPs. Drawn from a generator of its
 * own, so the story's figures (banks, times, losses, references) do not move.
 */
export function ringDevices(planned: PlannedCase[]): Map<string, { deviceId: string; ipAddress: string }> {
  const rng = new Random(STORY_SEED + 30);
  const devices = Array.from({ length: RING_DEVICES }, () => `dev-${rng.hex(8)}ring`);
  const addresses = Array.from({ length: RING_ADDRESSES }, () => `203.0.113.${rng.int(2, 254)}`);
  const out = new Map<string, { deviceId: string; ipAddress: string }>();
  for (const c of [...planned].sort((a, b) => a.link.linkedAt.getTime() - b.link.linkedAt.getTime())) {
    out.set(c.link.id, { deviceId: rng.pick(devices), ipAddress: rng.pick(addresses) });
  }
  return out;
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function writeIncident(
  tx: Queryable,
  planned: PlannedCase[],
  bankIds: Map<string, string>,
  userIds: Map<string, string>,
): Promise<{ incidentId: string }> {
  const bank = (code: string) => bankIds.get(code)!;
  const user = (email: string) => {
    const id = userIds.get(email);
    if (!id) throw new Error(`seed: no demo user ${email}`);
    return id;
  };
  const first = planned[0]!;
  const [incident] = await tx
    .insert(incidents)
    .values({
      reference: INCIDENT_REFERENCE,
      title: "電子マネー口座連携を悪用した不正出金 / Fraudulent withdrawals through e-money account linking",
      description:
        "第三者が入手した口座番号と暗証番号で被害者名義の口座を電子マネーに連携し、チャージした残高をコンビニエンスストアや家電量販店で使用。\n\n" +
        "Wallets opened with throw-away e-mail addresses linked victims' accounts with a PIN only, charged them and spent the money at convenience stores and home-appliance shops.",
      status: "open",
      startedAt: first.openedAt,
      createdAt: fromJst("2020-09-04 11:30"),
    })
    .returning({ id: incidents.id });
  const incidentId = incident!.id;

  await tx.insert(wallets).values(
    planned.map((c) => ({ id: c.wallet.id, email: c.wallet.email, status: "frozen" as const, registeredAt: c.wallet.registeredAt, createdAt: c.wallet.registeredAt })),
  );
  const origin = ringDevices(planned);
  await tx.insert(linkedAccounts).values(
    planned.map((c) => ({
      ...origin.get(c.link.id)!,
      id: c.link.id,
      walletId: c.wallet.id,
      bankId: bank(c.bankCode),
      branchCode: c.link.branch,
      accountType: "ordinary" as const,
      accountLast4: c.link.number.slice(-4),
      accountHash: accountHash(c.bankCode, c.link.branch, c.link.number),
      holderNameKana: c.holder,
      holderNameSearch: normaliseKana(c.holder),
      verification: "pin_only" as const,
      status: "frozen" as const,
      linkedAt: c.link.linkedAt,
      createdAt: c.link.linkedAt,
      updatedAt: c.confirmedAt,
    })),
  );
  const moves = planned.flatMap((c) =>
    [...c.charges, ...c.payments].map((m) => ({
      id: m.id,
      kind: m.kind,
      walletId: c.wallet.id,
      linkedAccountId: c.link.id,
      bankId: bank(c.bankCode),
      amountYen: m.amountYen,
      merchantName: m.merchant ?? null,
      merchantCategory: m.category ?? null,
      occurredAt: m.at,
      createdAt: m.at,
    })),
  );
  await insertChunked(moves, 500, (chunk) => tx.insert(transactions).values(chunk));
  await tx.insert(cases).values(
    planned.map((c) => ({
      id: c.id,
      reference: c.reference,
      bankId: bank(c.bankCode),
      linkedAccountId: c.link.id,
      incidentId,
      status: "closed" as const,
      outcome: "confirmed_fraud" as const,
      severity: "high" as const,
      source: "seed",
      lossYen: c.lossYen,
      confirmedLossYen: c.lossYen,
      assigneeId: user(c.assignee),
      openedAt: c.openedAt,
      dueAt: addMs(c.openedAt, 72 * HOUR),
      closedAt: c.confirmedAt,
      lastActivityAt: c.confirmedAt,
      version: c.events.length,
      createdAt: c.openedAt,
      updatedAt: c.confirmedAt,
    })),
  );
  const links = planned.flatMap((c) =>
    c.events
      .filter((e) => e.kind === "transaction_linked")
      .map((e) => ({ caseId: c.id, transactionId: String(e.body.transactionId), linkedBy: user(e.actor), linkedAt: e.at })),
  );
  await insertChunked(links, 1000, (chunk) => tx.insert(caseTransactions).values(chunk));
  const events = planned.flatMap((c) => c.events.map((e) => ({ caseId: c.id, kind: e.kind, body: e.body, actorId: user(e.actor), at: e.at })));
  await insertChunked(events, 1000, (chunk) => tx.insert(caseEvents).values(chunk));
  return { incidentId };
}
