/**
 * npm run simulate: plays the wallet platform against a running console (or the wallet platform's
 * API server) through the public API only, with the demo service key: before each new link or
 * charge it asks the decision API (POST /api/v1/decisions) and does only what it is allowed, then
 * reports what happened as events (POST /api/v1/events: links, charges, payments, transfers). It
 * obeys nothing of its own: the banks' controls decide. With --fraud-wave it also plays the
 * September 2020 pattern (PIN-only links at a few banks, each charged at once and spent at
 * convenience stores and home-appliance shops), so the home's blocked attempts, the rules' hits
 * and the charts move while someone watches. It stops after --duration seconds and prints what it
 * sent and what was allowed and denied, by reason.
 *
 *   npm run simulate -- [--url http://localhost:3000] [--key <service key>] [--rate 3]
 *                       [--duration 60] [--fraud-wave] [--wave-banks 0101,0108,0115] [--seed 1]
 */
import crypto from "node:crypto";
import { DEMO_BANKS } from "@/db/seed/banks";
import { DEMO_API_KEY } from "@/db/seed/staff";

interface Options {
  url: string;
  key: string;
  rate: number;
  duration: number;
  fraudWave: boolean;
  waveBanks: string[];
  seed: number;
}

const USAGE = "usage: npm run simulate -- [--url URL] [--key KEY] [--rate N/s] [--duration SECONDS] [--fraud-wave] [--wave-banks 0101,0108] [--seed N]";

export function parseOptions(argv: string[]): Options {
  const o: Options = { url: "http://localhost:3000", key: process.env.LINKGUARD_API_KEY ?? DEMO_API_KEY, rate: 3, duration: 60, fraudWave: false, waveBanks: ["0101", "0108", "0115"], seed: Date.now() % 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} takes a positive number, not ${v}\n${USAGE}`);
      return n;
    };
    if (flag === "--url") o.url = value().replace(/\/$/, "");
    else if (flag === "--key") o.key = value();
    else if (flag === "--rate") o.rate = positive(value());
    else if (flag === "--duration") o.duration = positive(value());
    else if (flag === "--fraud-wave") o.fraudWave = true;
    else if (flag === "--wave-banks") o.waveBanks = value().split(",").map((s) => s.trim());
    else if (flag === "--seed") o.seed = positive(value());
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  const known = new Set(DEMO_BANKS.map((b) => b.code));
  const unknown = o.waveBanks.filter((c) => !known.has(c));
  if (unknown.length) throw new Error(`--wave-banks: not partner banks: ${unknown.join(", ")}`);
  return o;
}

/** A small deterministic generator, so a run with --seed can be played again. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const FAMILY = ["サトウ", "スズキ", "タカハシ", "タナカ", "ワタナベ", "イトウ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ"];
const GIVEN = ["ハルト", "ユイ", "ソウタ", "ヒナ", "レン", "アオイ", "ユウト", "メイ", "イツキ", "サクラ"];
const SHOPS = {
  convenience_store: ["セブン-イレブン 新宿店", "ローソン 梅田店", "ファミリーマート 栄店"],
  home_appliances: ["ヨドバシカメラ 秋葉原", "ビックカメラ 有楽町", "ヤマダデンキ 池袋"],
  online: ["オンラインストア"],
  other: ["カフェ 神田", "書店 神保町"],
} as const;

interface Link {
  id: string;
  walletId: string;
  bankCode: string;
  verification: "pin_only" | "otp" | "identity_document";
  charged: number;
}

interface Tally {
  events: Record<string, number>;
  refusedEvents: number;
  decisions: Record<string, Record<string, number>>;
  errors: Record<string, number>;
}

export async function simulate(o: Options, log: (line: string) => void = console.log): Promise<Tally> {
  const r = random(o.seed);
  const tally: Tally = { events: {}, refusedEvents: 0, decisions: {}, errors: {} };
  const links: Link[] = [];
  const headers = { authorization: `Bearer ${o.key}`, "content-type": "application/json" };
  const count = (bag: Record<string, number>, k: string) => (bag[k] = (bag[k] ?? 0) + 1);

  async function call<T>(path: string, body: unknown): Promise<T | null> {
    try {
      const res = await fetch(`${o.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      if (!res.ok) {
        const problem = (await res.json().catch(() => ({}))) as { code?: string };
        count(tally.errors, `${path} ${res.status} ${problem.code ?? ""}`.trim());
        if (res.status === 401 || res.status === 403) throw new Error(`${path} answered ${res.status} ${problem.code ?? ""}: is the key a service key with the decisions and events scopes?`);
        return null;
      }
      return (await res.json()) as T;
    } catch (e) {
      if ((e as Error).message.includes("answered 40")) throw e;
      count(tally.errors, `${path} unreachable`);
      return null;
    }
  }

  async function decide(q: { operation: "link" | "charge"; bankCode: string; walletId: string; verification: Link["verification"]; amountYen?: number }): Promise<boolean> {
    const a = await call<{ decision: "allow" | "deny"; reason: string }>("/api/v1/decisions", q);
    if (!a) return false;
    count((tally.decisions[q.operation] ??= {}), `${a.decision}: ${a.reason}`);
    return a.decision === "allow";
  }

  async function send(events: Record<string, unknown>[]): Promise<{ status: string; linkId?: string }[]> {
    const answer = await call<{ results: { status: string; linkId?: string }[] }>("/api/v1/events", { events });
    for (const [i, e] of events.entries()) {
      const res = answer?.results[i];
      if (res?.status === "stored") count(tally.events, String(e.type));
      else tally.refusedEvents++;
    }
    return answer?.results ?? [];
  }

  const now = () => new Date().toISOString();
  const id = () => crypto.randomUUID();

  async function newLink(bankCode: string, verification: Link["verification"]): Promise<Link | null> {
    const walletId = `sim_${id().slice(0, 12)}`;
    if (!(await decide({ operation: "link", bankCode, walletId, verification }))) return null;
    const [res] = await send([
      {
        eventId: id(),
        type: "link_created",
        walletId,
        email: `${walletId}@sim.example`,
        bankCode,
        branchCode: String(r.int(1, 999)).padStart(3, "0"),
        accountType: "ordinary",
        accountNumber: String(r.int(0, 9_999_999)).padStart(7, "0"),
        holderNameKana: `${r.pick(FAMILY)}\u3000${r.pick(GIVEN)}`,
        verification,
        linkedAt: now(),
        deviceId: `dev-${id().slice(0, 8)}`,
        ipAddress: `198.51.100.${r.int(1, 254)}`,
      },
    ]);
    if (!res?.linkId) return null;
    const link: Link = { id: res.linkId, walletId, bankCode, verification, charged: 0 };
    links.push(link);
    return link;
  }

  async function chargeLink(link: Link, amountYen: number): Promise<boolean> {
    if (!(await decide({ operation: "charge", bankCode: link.bankCode, walletId: link.walletId, verification: link.verification, amountYen }))) return false;
    const [res] = await send([{ eventId: id(), type: "charge", walletId: link.walletId, linkId: link.id, amountYen, occurredAt: now() }]);
    if (res?.status === "stored") link.charged += amountYen;
    return res?.status === "stored";
  }

  async function spend(link: Link, amountYen: number, category: keyof typeof SHOPS): Promise<void> {
    await send([{ eventId: id(), type: "payment", walletId: link.walletId, linkId: link.id, amountYen, merchantName: r.pick(SHOPS[category]), merchantCategory: category, occurredAt: now() }]);
    link.charged = Math.max(0, link.charged - amountYen);
  }

  /**
   * One step of ordinary traffic: mostly charges and payments on this run's links, some new links.
   * While the run has no links of its own (registrations suspended, as after the story), a charge is
   * still asked for a wallet linked before the run: the decision is counted (the home's blocked
   * attempts), and nothing is reported, as the simulator knows no link to name.
   */
  async function ordinary(): Promise<void> {
    const roll = r.next();
    if (links.length === 0 && roll >= 0.5) {
      await decide({ operation: "charge", bankCode: r.pick(DEMO_BANKS).code, walletId: `sim_existing_${r.int(1, 500)}`, verification: "otp", amountYen: r.int(1, 30) * 1_000 });
    } else if (links.length < 3 || roll < 0.25) {
      await newLink(r.pick(DEMO_BANKS).code, r.pick(["otp", "identity_document", "otp", "pin_only"] as const));
    } else if (roll < 0.6) {
      await chargeLink(r.pick(links), r.int(1, 30) * 1_000);
    } else if (roll < 0.9) {
      const link = r.pick(links);
      if (link.charged > 0) await spend(link, Math.min(link.charged, r.int(3, 50) * 100), r.pick(["online", "other", "convenience_store"] as const));
      else await chargeLink(link, r.int(1, 10) * 1_000);
    } else {
      const link = r.pick(links);
      if (link.charged > 0) await send([{ eventId: id(), type: "transfer", walletId: link.walletId, linkId: link.id, amountYen: Math.min(link.charged, 5_000), occurredAt: now() }]);
    }
  }

  /** One fraud step: a PIN-only link at a wave bank, charged at once and spent at once. */
  async function fraud(): Promise<void> {
    const link = await newLink(r.pick(o.waveBanks), "pin_only");
    if (!link) return;
    const amount = r.int(5, 20) * 10_000;
    if (!(await chargeLink(link, amount))) return;
    await spend(link, Math.round(amount * 0.55), "convenience_store");
    await spend(link, amount - Math.round(amount * 0.55), "home_appliances");
  }

  const started = Date.now();
  const interval = 1000 / o.rate;
  let steps = 0;
  log(`simulating against ${o.url} at ${o.rate}/s for ${o.duration} s${o.fraudWave ? `, with a fraud wave at ${o.waveBanks.join(", ")}` : ""} (seed ${o.seed})`);
  while (Date.now() - started < o.duration * 1000) {
    const due = started + steps * interval;
    if (due > Date.now()) await new Promise((res) => setTimeout(res, due - Date.now()));
    steps++;
    await (o.fraudWave && r.next() < 0.3 ? fraud() : ordinary());
  }
  return tally;
}

export function report(t: Tally): string {
  const lines = ["events stored:"];
  for (const [type, n] of Object.entries(t.events).sort()) lines.push(`  ${type.padEnd(14)} ${n}`);
  if (t.refusedEvents) lines.push(`  refused or lost ${t.refusedEvents}`);
  lines.push("decisions:");
  for (const [op, answers] of Object.entries(t.decisions)) for (const [a, n] of Object.entries(answers).sort()) lines.push(`  ${op.padEnd(7)} ${a.padEnd(40)} ${n}`);
  if (Object.keys(t.errors).length) {
    lines.push("failed requests:");
    for (const [k, n] of Object.entries(t.errors)) lines.push(`  ${k} ${n}`);
  }
  return lines.join("\n");
}

if (process.argv[1] && /simulate\.ts$/.test(process.argv[1])) {
  try {
    const o = parseOptions(process.argv.slice(2));
    const tally = await simulate(o);
    console.log(report(tally));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}
