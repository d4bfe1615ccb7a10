import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { DEMO_BANKS } from "@/db/seed/banks";
import { incidentReport } from "@/lib/incidents/report-schemas";
import { bankOrder } from "@/lib/incidents/schemas";
import { getIncident } from "@/lib/incidents/service";
import { buildIncidentReport, reportBundle, reportFiles, sha256 } from "@/lib/incidents/report";
import { crc32 } from "@/lib/incidents/zip";
import { actorOf, rejection } from "../admin/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, TEST_SCALE, rows } from "../seed/support";

/** The entries of a ZIP's central directory: name, CRC and size, and each local file's content. */
function unzip(zip: Buffer): { name: string; content: Buffer; crc: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: { name: string; content: Buffer; crc: number }[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const localName = zip.readUInt16LE(offset + 26);
    const start = offset + 30 + localName + zip.readUInt16LE(offset + 28);
    out.push({ name, crc, content: zip.subarray(start, start + size) });
    at += 46 + nameLength;
  }
  return out;
}

describeEachDb("incident report (#16 §3): timeline, damage per bank, victims, causes, measures; the bundle", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
  });

  it("the carrier's report of INC-2020-001 gives the story's figures, every bank's control changes from the first fraud, and each affected bank's suspension", async () => {
    const r = await buildIncidentReport(await actorOf(ctx.handle.db, "manager@carrier.demo"), "INC-2020-001");
    expect(incidentReport.parse(r)).toEqual(r);
    expect(r.totals).toMatchObject({ cases: 120, confirmedCases: 120, confirmedLossYen: 25_420_000, banksHit: 11 });
    expect(r.banks).toHaveLength(11);
    expect(r.banks.reduce((s, b) => s + b.confirmedLossYen, 0)).toBe(25_420_000);
    const [n] = await rows<{ banks: number; changes: number }>(
      ctx.handle.db,
      sql`select count(distinct bank_id)::int as banks, count(*)::int as changes from control_changes where changed_at >= ${r.periodFrom}::timestamptz`,
    );
    expect(new Set(r.measures.controlChanges.map((c) => c.bankCode)).size).toBe(n!.banks);
    expect(n!.banks).toBe(35);
    expect(r.measures.controlChanges).toHaveLength(n!.changes);
    expect(r.measures.audit.length).toBeGreaterThan(0);
    expect(r.measures.audit.every((a) => a.action.startsWith("control."))).toBe(true);
    // The timeline: oldest first, starting with the first fraud; one first fraud per affected bank.
    expect(r.timeline[0]).toMatchObject({ kind: "first_fraud", at: r.totals.firstFraudAt });
    expect(r.timeline.filter((e) => e.kind === "bank_first_fraud")).toHaveLength(11);
    expect([...r.timeline.map((e) => e.at)].sort()).toEqual(r.timeline.map((e) => e.at));
    for (const b of r.banks) if (b.chargesSuspendedAt) expect(b.chargesSuspendedAt >= r.periodFrom).toBe(true);
    expect(r.banks.some((b) => b.chargesSuspendedAt !== null)).toBe(true);
    expect(r.victims.byOutcome).toEqual({ confirmed_fraud: 120 });
    expect(r.causes.byVerification.reduce((s, v) => s + v.cases, 0)).toBe(120);
    expect(r.cases).toHaveLength(120);
    // The banks in the page's order everywhere (loss, then code): the damage per bank as the page's
    // table, and the timeline's and the measures' changes at one instant by it (14 banks at 10:00 on 10 September).
    const page = await getIncident(await actorOf(ctx.handle.db, "manager@carrier.demo"), "INC-2020-001");
    expect(r.banks.map((b) => b.bankCode)).toEqual(page.banks.map((b) => b.bankCode));
    const order = bankOrder(r.banks);
    const tied = (list: { at: string; bankCode: string; kind?: string }[]) => list.slice(1).map((e, i) => [list[i]!, e] as const).filter(([a, b]) => a.at === b.at && a.kind === b.kind && a.bankCode !== b.bankCode);
    expect(tied(r.measures.controlChanges).length).toBeGreaterThan(0);
    for (const [a, b] of [...tied(r.measures.controlChanges), ...tied(r.timeline)]) expect(order(a.bankCode, b.bankCode), `${a.at} ${a.bankCode} ${b.bankCode}`).toBeLessThan(0);
  });

  it("a bank's staff get their bank's cases, control changes and audit entries only, never another bank's name or code", async () => {
    for (const email of ["operator@bank0101.demo", "manager@bank0108.demo"]) {
      const actor = await actorOf(ctx.handle.db, email);
      const r = await buildIncidentReport(actor, "INC-2020-001");
      const own = actor.bankCode!;
      expect(r.scope).toEqual({ kind: "bank", bankCode: own });
      expect(r.totals.banksHit).toBeNull();
      expect(new Set([...r.banks, ...r.timeline, ...r.measures.controlChanges, ...r.cases].map((x) => x.bankCode))).toEqual(new Set(r.cases.length ? [own] : r.measures.controlChanges.length ? [own] : []));
      expect(r.measures.audit.every((a) => a.bankCode === own)).toBe(true);
      const text = JSON.stringify(r) + reportFiles(r).map((f) => f.content.toString("utf8")).join("");
      for (const b of DEMO_BANKS.filter((x) => x.code !== own)) {
        expect(text).not.toContain(b.nameJa);
        expect(text).not.toContain(b.nameEn);
      }
      expect(text).not.toContain("25420000");
    }
  });

  it("the bundle holds report.json, six CSV files, manifest.json and SHA256SUMS; its digests match the files, and two bundles of the same state are the same bytes", async () => {
    const actor = await actorOf(ctx.handle.db, "auditor@carrier.demo");
    const a = reportBundle(await buildIncidentReport(actor, "INC-2020-001"));
    const b = reportBundle(await buildIncidentReport(actor, "INC-2020-001"));
    expect(sha256(a.zip)).toBe(sha256(b.zip));
    const files = unzip(a.zip);
    expect(files.map((f) => f.name)).toEqual(["report.json", "banks.csv", "timeline.csv", "cases.csv", "victims.csv", "measures.csv", "audit.csv", "manifest.json", "SHA256SUMS"]);
    for (const f of files) expect(crc32(f.content)).toBe(f.crc);
    const sums = files.find((f) => f.name === "SHA256SUMS")!.content.toString("utf8").trim().split("\n");
    expect(sums).toHaveLength(7);
    for (const line of sums) {
      const [digest, name] = line.split("  ");
      expect(sha256(files.find((f) => f.name === name)!.content)).toBe(digest);
    }
    const manifest = JSON.parse(files.find((f) => f.name === "manifest.json")!.content.toString("utf8")) as { files: { name: string; sha256: string }[] };
    expect(manifest.files.map((m) => m.sha256)).toEqual(sums.map((l) => l.split("  ")[0]));
    const banks = files.find((f) => f.name === "banks.csv")!.content.toString("utf8");
    expect(banks.split("\r\n").filter(Boolean)).toHaveLength(12);
    expect(JSON.parse(files[0]!.content.toString("utf8"))).toMatchObject({ incident: { reference: "INC-2020-001" } });
  });

  it("a role without cases.read is refused; an unknown incident is not found", async () => {
    expect((await rejection(buildIncidentReport(await actorOf(ctx.handle.db, "admin@carrier.demo"), "INC-2020-001"))).status).toBe(403);
    expect((await rejection(buildIncidentReport(await actorOf(ctx.handle.db, "manager@carrier.demo"), "INC-1999-001"))).status).toBe(404);
  });
});
