"use client";
import { ArrowRightLeft, Bell, BellOff, CircleDot, FileText, Flag, Gavel, Link2, MessageSquare, Paperclip, Receipt, RotateCcw, ShieldAlert, Siren, UserRound, Zap } from "lucide-react";
import type { ReactNode } from "react";
import { Notice } from "@/components/ui/notice";
import type { TimelineKind } from "@/lib/cases/constants";
import type { TimelineEntry } from "@/lib/cases/file-schemas";
import { formatBytes, formatJst, formatYen } from "@/lib/format";
import type { Translate } from "@/lib/i18n/types";
import { useT } from "@/lib/i18n/client";
import { Markdown } from "./markdown";

const ICONS: Partial<Record<TimelineKind, typeof CircleDot>> = {
  opened: Flag,
  status_changed: ArrowRightLeft,
  reopened: RotateCcw,
  outcome_set: Gavel,
  assigned: UserRound,
  note: MessageSquare,
  evidence_added: Paperclip,
  transaction_marked: Receipt,
  transaction_linked: Link2,
  transaction_unlinked: Link2,
  severity_changed: ShieldAlert,
  snoozed: BellOff,
  unsnoozed: Bell,
  incident_attached: Siren,
  rule_hit: Zap,
  control_changed: ShieldAlert,
  reimbursement_proposed: FileText,
  reimbursement_decided: FileText,
  reimbursement_paid: FileText,
};

/** The case's timeline, newest first (as the API gives it). */
export function Timeline({ items, truncated, people }: { items: TimelineEntry[]; truncated: boolean; people: Record<string, string> }) {
  const t = useT();
  return (
    <section aria-labelledby="case-timeline" className="space-y-3">
      <div className="space-y-1">
        <h2 id="case-timeline" className="text-lg font-semibold">
          {t("cases.file.timeline.title")}
        </h2>
        <p className="text-sm text-slate-700">{t("cases.file.timeline.intro")}</p>
      </div>
      {items.length === 0 ? (
        <Notice>{t("cases.file.timeline.empty")}</Notice>
      ) : (
        <ol className="space-y-0 border-l-2 border-slate-200 pl-0" data-testid="timeline">
          {items.map((e) => (
            <TimelineItem key={`${e.kind}-${e.id}`} entry={e} people={people} />
          ))}
        </ol>
      )}
      {truncated ? <p className="text-sm text-slate-600">{t("cases.file.timeline.truncated")}</p> : null}
    </section>
  );
}

/** One entry: its kind, who and when (Japan time), and what it changed. */
export function TimelineItem({ entry, people }: { entry: TimelineEntry; people: Record<string, string> }) {
  const t = useT();
  const Icon = ICONS[entry.kind] ?? CircleDot;
  const who = entry.actor ? entry.actor.name || t("cases.file.timeline.someone") : t("cases.file.timeline.system");
  return (
    <li className="relative -ml-[9px] flex gap-3 py-2" data-testid="timeline-entry" data-kind={entry.kind}>
      <span className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full bg-white ring-2 ring-slate-200">
        <Icon aria-hidden className="size-3 text-slate-600" />
      </span>
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-semibold text-slate-900">{t(`cases.file.timeline.kinds.${entry.kind}`)}</span>
          <span className="text-slate-700">{who}</span>
          <time dateTime={entry.at} className="text-xs text-slate-600 tabular-nums">
            {formatJst(entry.at)}
          </time>
        </p>
        <div className="text-sm text-slate-800">{describe(t, entry, people)}</div>
      </div>
    </li>
  );
}

const s = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const n = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : null);

function word(t: Translate, group: "status" | "outcome" | "severity", v: unknown): string {
  const x = s(v);
  if (!x) return "—";
  return t(`cases.${group}.${x}` as never);
}

function Reason({ text }: { text: string | null }) {
  const t = useT();
  return text ? <p className="text-slate-700">{t("cases.file.timeline.reason", { reason: text })}</p> : null;
}

function sourceWord(t: Translate, source: unknown): string {
  const x = s(source) ?? "manual";
  // Opened by a person, the demo, or a report (the demo's history opens cases from reports); else a rule's code.
  const people = ["manual", "accounts", "seed", "bank_report", "customer_report", "carrier_monitoring"];
  if (people.includes(x)) return t(`cases.file.header.sources.${x}` as never);
  const known = ["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"];
  return t("cases.file.header.sources.rule", { name: known.includes(x) ? t(`cases.rules.names.${x}` as never) : x });
}

/** What an entry says, from its body (as lib/cases/workflow.ts and the others write it). */
export function describe(t: Translate, e: TimelineEntry, people: Record<string, string>): ReactNode {
  const b = e.body;
  const person = (id: unknown) => (s(id) ? (people[s(id)!] ?? t("cases.file.timeline.someone")) : "—");
  switch (e.kind) {
    case "note":
      return <Markdown text={s(b.text) ?? ""} />;
    case "status_changed":
    case "reopened":
      return (
        <>
          <p data-testid="status-change">{t("cases.file.timeline.fromTo", { from: word(t, "status", b.from), to: word(t, "status", b.to) })}</p>
          <Reason text={s(b.reason)} />
        </>
      );
    case "outcome_set":
      return (
        <p>
          {t("cases.file.timeline.fromTo", { from: b.from ? word(t, "outcome", b.from) : t("cases.outcome.none"), to: word(t, "outcome", b.to) })}
          {n(b.confirmedLossYen) !== null && b.to === "confirmed_fraud" ? ` · ${t("cases.file.timeline.confirmedLoss", { amount: formatYen(n(b.confirmedLossYen)) })}` : null}
        </p>
      );
    case "severity_changed":
      return (
        <>
          <p>{t("cases.file.timeline.fromTo", { from: word(t, "severity", b.from), to: word(t, "severity", b.to) })}</p>
          <Reason text={s(b.reason)} />
        </>
      );
    case "assigned": {
      const line = !b.to
        ? t("cases.file.timeline.unassignedFrom", { from: person(b.from) })
        : b.from
          ? t("cases.file.timeline.reassigned", { from: person(b.from), to: person(b.to) })
          : t("cases.file.timeline.assignedTo", { to: person(b.to) });
      return (
        <>
          <p>
            {line}
            {b.via === "take_next" ? ` · ${t("cases.file.timeline.tookNext")}` : null}
          </p>
          <Reason text={s(b.reason)} />
        </>
      );
    }
    case "transaction_marked": {
      const mark = b.to === true ? "fraudulent" : b.to === false ? "not_fraudulent" : "unmarked";
      const kind = s(b.kind);
      return (
        <p>
          {t("cases.file.timeline.marked", {
            kind: kind ? t(`accounts.transactions.kinds.${kind}` as never) : "—",
            amount: formatYen(n(b.amountYen)),
            mark: t(`cases.file.transactions.marks.${mark}`),
          })}
          {n(b.lossFrom) !== null && n(b.lossTo) !== null ? ` · ${t("cases.file.timeline.lossChange", { from: formatYen(n(b.lossFrom)), to: formatYen(n(b.lossTo)) })}` : null}
        </p>
      );
    }
    case "evidence_added":
      return (
        <p className="break-all">
          {t("cases.file.timeline.evidence", { name: s(b.fileName) ?? "—", size: n(b.sizeBytes) !== null ? formatBytes(n(b.sizeBytes)!) : "—", sha256: s(b.sha256) ?? "—" })}
        </p>
      );
    case "snoozed":
      return <p>{t("cases.file.timeline.snoozedUntil", { until: formatJst(s(b.to)) })}</p>;
    case "unsnoozed":
      return null;
    case "incident_attached":
      return <p>{b.to ? t("cases.file.timeline.incidentTo", { to: s(b.to)! }) : t("cases.file.timeline.incidentOff", { from: s(b.from) ?? "—" })}</p>;
    case "opened":
    case "rule_hit":
      return (
        <>
          <p>{t("cases.file.timeline.openedBy", { source: sourceWord(t, b.source) })}</p>
          {s(b.note) ? <Markdown text={s(b.note)!} /> : null}
        </>
      );
    case "control_changed":
      return (
        <>
          <p>
            {t("cases.file.timeline.control", {
              control: s(b.control) ? t(`controls.control.${s(b.control)}` as never) : "—",
              from: s(b.from) ? t(`controls.state.${s(b.from)}` as never) : "—",
              to: s(b.to) ? t(`controls.state.${s(b.to)}` as never) : "—",
            })}
          </p>
          <Reason text={s(b.reason)} />
        </>
      );
    default: {
      const amount = n(b.amountYen);
      return amount !== null ? <p>{t("cases.file.timeline.amount", { amount: formatYen(amount) })}</p> : null;
    }
  }
}
