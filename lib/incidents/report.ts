import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { queryRows } from "@/lib/accounts/rows";
import { csvRecord, UTF8_BOM } from "@/lib/audit/csv";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { bankOrder } from "./schemas";
import { getIncident } from "./service";
import { REPORT_FORMAT, type IncidentReport, type ReportAuditEntry, type ReportBank, type ReportCase, type ReportControlChange, type ReportTimelineEntry } from "./report-schemas";
import { zipStored } from "./zip";

type Row = Record<string, unknown>;

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/**
 * The incident report from the live data, in the actor's scope: the incident's figures and banks
 * (./service.ts getIncident, the same numbers as its page), each bank's first fraud and control
 * changes, the victims' handling, the causes recorded on the cases, the measures taken and their
 * audit entries. A bank's staff get their bank's cases, changes and entries only.
 */
export async function buildIncidentReport(actor: StaffActor, idOrReference: string): Promise<IncidentReport> {
  assertCan(actor, "cases.read");
  const d = await getIncident(actor, idOrReference);
  const db = await getDb();
  const periodFrom = [d.startedAt, d.figures.firstFraudAt].filter((x): x is string => x !== null).sort()[0]!;
  const caseScope = actor.bankId === null ? sql`c.incident_id = ${d.id}` : sql`c.incident_id = ${d.id} and c.bank_id = ${actor.bankId}`;
  const bankScope = actor.bankId === null ? sql`true` : sql`cc.bank_id = ${actor.bankId}`;
  const auditScope = actor.bankId === null ? sql`true` : sql`a.bank_id = ${actor.bankId}`;

  const [caseRows, changeRows, auditRows, ruleRows] = await Promise.all([
    queryRows<Row>(db, sql`
      select c.reference, o.bank_code, c.status::text as status, c.outcome::text as outcome, c.source, la.verification::text as verification,
        c.loss_yen::text as loss_yen, c.confirmed_loss_yen::text as confirmed_loss_yen, c.reimbursed_yen::text as reimbursed_yen,
        (select min(t.occurred_at) from case_transactions ct join transactions t on t.id = ct.transaction_id where ct.case_id = c.id and ct.fraudulent) as first_fraud_at,
        o.name_ja, o.name_en
      from cases c join organisations o on o.id = c.bank_id join linked_accounts la on la.id = c.linked_account_id
      where ${caseScope}
      order by c.reference`),
    queryRows<Row>(db, sql`
      select cc.changed_at, cc.control::text as control, cc.from_state::text as from_state, cc.to_state::text as to_state, cc.reason, o.bank_code, o.name_ja, o.name_en
      from control_changes cc join organisations o on o.id = cc.bank_id
      where ${bankScope} and cc.changed_at >= ${periodFrom}::timestamptz
      order by cc.changed_at, o.bank_code, cc.control, cc.id`),
    queryRows<Row>(db, sql`
      select a.seq, a.at, a.action, a.actor_label, o.bank_code, a.entity_id, a.before, a.after, a.hash
      from audit_log a left join organisations o on o.id = a.bank_id
      where a.action like 'control.%' and ${auditScope} and a.at >= ${periodFrom}::timestamptz
      order by a.seq`),
    can(actor, "rules.read")
      ? queryRows<Row>(db, sql`
          select a.at, a.entity_id as code, a.after->>'mode' as mode from audit_log a
          where a.action = 'rule.changed' and a.after->>'mode' = 'on' and coalesce(a.before->>'mode', '') <> 'on' and a.at >= ${periodFrom}::timestamptz
          order by a.seq`)
      : Promise.resolve([] as Row[]),
  ]);

  // Banks in the page's order (loss, then code): a list at several banks sorts its ties by it.
  const byBank = bankOrder(d.banks);
  const changes: ReportControlChange[] = changeRows.map((r) => ({
    at: iso(r.changed_at),
    bankCode: String(r.bank_code),
    nameJa: String(r.name_ja),
    nameEn: String(r.name_en),
    control: r.control as ReportControlChange["control"],
    fromState: r.from_state as ReportControlChange["fromState"],
    toState: r.to_state as ReportControlChange["toState"],
    reason: String(r.reason),
  }));
  changes.sort((a, b) => a.at.localeCompare(b.at) || byBank(a.bankCode, b.bankCode));

  const cases: ReportCase[] = caseRows.map((r) => {
    const confirmed = Number(r.confirmed_loss_yen);
    const reimbursed = Number(r.reimbursed_yen);
    return {
      reference: String(r.reference),
      bankCode: String(r.bank_code),
      status: String(r.status),
      outcome: r.outcome === null ? null : String(r.outcome),
      source: String(r.source),
      verification: String(r.verification),
      lossYen: Number(r.loss_yen),
      confirmedLossYen: confirmed,
      reimbursedYen: reimbursed,
      outstandingYen: Math.max(confirmed - reimbursed, 0),
      firstFraudAt: isoOrNull(r.first_fraud_at),
    };
  });

  // Each bank's first fraud: its earliest fraudulent transaction, with the case it is on.
  const firstByBank = new Map<string, { at: string; caseReference: string; nameJa: string; nameEn: string }>();
  for (const r of caseRows) {
    if (r.first_fraud_at === null || r.first_fraud_at === undefined) continue;
    const at = iso(r.first_fraud_at);
    const code = String(r.bank_code);
    const seen = firstByBank.get(code);
    if (!seen || at < seen.at || (at === seen.at && String(r.reference) < seen.caseReference)) firstByBank.set(code, { at, caseReference: String(r.reference), nameJa: String(r.name_ja), nameEn: String(r.name_en) });
  }

  const firstTime = (code: string, pred: (c: ReportControlChange) => boolean) => changes.find((c) => c.bankCode === code && pred(c))?.at ?? null;
  const banks: ReportBank[] = d.banks.map((b) => ({
    ...b,
    chargesSuspendedAt: firstTime(b.bankCode, (c) => c.control === "charges" && c.toState === "suspended"),
    registrationsTightenedAt: firstTime(b.bankCode, (c) => c.control === "registrations" && c.toState !== "open" && c.fromState !== c.toState),
  }));

  const overall = d.timeline.find((e) => e.kind === "first_fraud");
  const timeline: ReportTimelineEntry[] = [
    ...(overall && overall.kind === "first_fraud" ? [{ kind: "first_fraud" as const, at: overall.at, bankCode: overall.bankCode, nameJa: overall.nameJa, nameEn: overall.nameEn, caseReference: overall.caseReference }] : []),
    ...[...firstByBank.entries()].map(([bankCode, f]) => ({ kind: "bank_first_fraud" as const, at: f.at, bankCode, nameJa: f.nameJa, nameEn: f.nameEn, caseReference: f.caseReference })),
    ...changes.map((c) => ({ kind: "control_change" as const, ...c })),
  ].sort((a, b) => a.at.localeCompare(b.at) || ORDER[a.kind] - ORDER[b.kind] || byBank(a.bankCode, b.bankCode));

  const tally = (key: (c: ReportCase) => string | null) => {
    const m: Record<string, number> = {};
    for (const c of cases) {
      const k = key(c);
      if (k !== null) m[k] = (m[k] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));
  };
  const list = <K extends string>(m: Record<string, number>, name: K) =>
    Object.entries(m)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([k, n]) => ({ [name]: k, cases: n }) as { [P in K]: string } & { cases: number });
  const paid = d.reimbursements.paid.count;
  const refused = d.reimbursements.rejected.count;

  const audit: ReportAuditEntry[] = auditRows.map((r) => ({
    seq: Number(r.seq),
    at: iso(r.at),
    action: String(r.action),
    actor: String(r.actor_label),
    bankCode: r.bank_code === null || r.bank_code === undefined ? null : String(r.bank_code),
    entityId: r.entity_id === null || r.entity_id === undefined ? null : String(r.entity_id),
    before: r.before ?? null,
    after: r.after ?? null,
    hash: String(r.hash),
  }));

  return {
    format: REPORT_FORMAT,
    incident: { id: d.id, reference: d.reference, title: d.title, description: d.description, status: d.status, startedAt: d.startedAt },
    scope: d.scope,
    periodFrom,
    totals: { ...d.figures, banksHit: d.banksHit },
    timeline,
    banks,
    victims: {
      byStatus: tally((c) => c.status),
      byOutcome: tally((c) => c.outcome),
      reimbursements: d.reimbursements,
      compensationRate: paid + refused > 0 ? paid / (paid + refused) : null,
    },
    causes: { bySource: list(tally((c) => c.source), "source"), byVerification: list(tally((c) => c.verification), "verification") },
    measures: {
      controlChanges: changes,
      rulesEnabled: ruleRows.map((r) => ({ at: iso(r.at), code: String(r.code), mode: String(r.mode) })),
      audit,
    },
    cases,
  };
}

const ORDER: Record<ReportTimelineEntry["kind"], number> = { first_fraud: 0, bank_first_fraud: 1, control_change: 2 };

// ---- the bundle -----------------------------------------------------------------------------------

function csv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return UTF8_BOM + csvRecord(header) + rows.map((r) => csvRecord(r)).join("");
}

/** The report's files: report.json and one CSV per table, each UTF-8 (CSV with a BOM for Excel), in a fixed order. */
export function reportFiles(r: IncidentReport): { name: string; content: Buffer }[] {
  const files: [string, string][] = [
    ["report.json", `${JSON.stringify(r, null, 2)}\n`],
    [
      "banks.csv",
      csv(
        ["bank_code", "name_ja", "name_en", "cases", "confirmed_cases", "open_cases", "loss_yen", "confirmed_loss_yen", "reimbursed_yen", "outstanding_yen", "first_fraud_at", "last_fraud_at", "charges_suspended_at", "registrations_tightened_at"],
        r.banks.map((b) => [b.bankCode, b.nameJa, b.nameEn, b.cases, b.confirmedCases, b.openCases, b.lossYen, b.confirmedLossYen, b.reimbursedYen, b.outstandingYen, b.firstFraudAt, b.lastFraudAt, b.chargesSuspendedAt, b.registrationsTightenedAt]),
      ),
    ],
    [
      "timeline.csv",
      csv(
        ["at", "kind", "bank_code", "name_ja", "name_en", "case_reference", "control", "from_state", "to_state", "reason"],
        r.timeline.map((e) =>
          e.kind === "control_change"
            ? [e.at, e.kind, e.bankCode, e.nameJa, e.nameEn, "", e.control, e.fromState, e.toState, e.reason]
            : [e.at, e.kind, e.bankCode, e.nameJa, e.nameEn, e.caseReference, "", "", "", ""],
        ),
      ),
    ],
    [
      "cases.csv",
      csv(
        ["reference", "bank_code", "status", "outcome", "source", "verification", "loss_yen", "confirmed_loss_yen", "reimbursed_yen", "outstanding_yen", "first_fraud_at"],
        r.cases.map((c) => [c.reference, c.bankCode, c.status, c.outcome, c.source, c.verification, c.lossYen, c.confirmedLossYen, c.reimbursedYen, c.outstandingYen, c.firstFraudAt]),
      ),
    ],
    [
      "victims.csv",
      csv(
        ["kind", "key", "count", "yen"],
        [
          ...Object.entries(r.victims.byStatus).map(([k, n]) => ["case_status", k, n, ""]),
          ...Object.entries(r.victims.byOutcome).map(([k, n]) => ["case_outcome", k, n, ""]),
          ...Object.entries(r.victims.reimbursements).map(([k, p]) => ["reimbursement", k, p.count, p.yen]),
        ],
      ),
    ],
    ["measures.csv", csv(["at", "bank_code", "name_ja", "name_en", "control", "from_state", "to_state", "reason"], r.measures.controlChanges.map((c) => [c.at, c.bankCode, c.nameJa, c.nameEn, c.control, c.fromState, c.toState, c.reason]))],
    [
      "audit.csv",
      csv(
        ["seq", "at", "action", "actor", "bank_code", "entity_id", "before", "after", "hash"],
        r.measures.audit.map((a) => [a.seq, a.at, a.action, a.actor, a.bankCode, a.entityId, JSON.stringify(a.before), JSON.stringify(a.after), a.hash]),
      ),
    ],
  ];
  return files.map(([name, text]) => ({ name, content: Buffer.from(text, "utf8") }));
}

export function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/**
 * The bundle: the report's files, manifest.json (name, bytes, SHA-256 of each) and SHA256SUMS (for
 * `sha256sum -c`), in a ZIP with fixed dates: the same state gives the same bytes.
 */
export function reportBundle(r: IncidentReport): { zip: Buffer; manifest: { name: string; bytes: number; sha256: string }[] } {
  const files = reportFiles(r);
  const manifest = files.map((f) => ({ name: f.name, bytes: f.content.length, sha256: sha256(f.content) }));
  const sums = manifest.map((m) => `${m.sha256}  ${m.name}\n`).join("");
  const all = [
    ...files,
    { name: "manifest.json", content: Buffer.from(`${JSON.stringify({ format: REPORT_FORMAT, incident: r.incident.reference, scope: r.scope, files: manifest }, null, 2)}\n`, "utf8") },
    { name: "SHA256SUMS", content: Buffer.from(sums, "utf8") },
  ];
  return { zip: zipStored(all), manifest };
}

/** GET /api/v1/incidents/{incidentId}/report: the report as JSON, or with ?format=zip the bundle as an attachment. */
export async function incidentReportAnswer(actor: StaffActor, idOrReference: string, format: "json" | "zip"): Promise<IncidentReport | Response> {
  const report = await buildIncidentReport(actor, idOrReference);
  if (format === "json") return report;
  const { zip } = reportBundle(report);
  const scope = report.scope.bankCode ? `-${report.scope.bankCode}` : "";
  return new Response(new Uint8Array(zip), {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${report.incident.reference}${scope}-report.zip"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
