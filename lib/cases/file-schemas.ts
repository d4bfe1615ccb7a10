import { z } from "zod";
import { ACCOUNT_TYPES, LINK_STATUSES, VERIFICATIONS } from "@/lib/accounts/constants";
import { linkTransaction } from "@/lib/accounts/schemas";
import { CASE_OUTCOMES, CASE_SEVERITIES, CASE_STATUSES, RELATIONS, TIMELINE_KINDS } from "./constants";

/** GET /api/v1/cases/{caseId}: the case file. Pure (no server-only); the page's types come from here. */

const person = z.object({ id: z.string(), name: z.string() });
const bank = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string() });

export const caseHeader = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  severity: z.enum(CASE_SEVERITIES),
  priority: z.number().int(),
  hits: z.number().int(),
  /** manual, accounts, seed, or the detection rule's code. */
  source: z.string(),
  version: z.number().int(),
  bank,
  link: z.object({
    id: z.string(),
    branchCode: z.string(),
    accountType: z.enum(ACCOUNT_TYPES),
    /** ****1234: the full number never leaves the server. */
    accountNumberMasked: z.string(),
    holderName: z.string(),
    verification: z.enum(VERIFICATIONS),
    status: z.enum(LINK_STATUSES),
  }),
  wallet: z.object({ id: z.string(), email: z.string() }),
  /** Sum of the transactions marked fraudulent. */
  lossYen: z.number().int(),
  /** The loss when closed as confirmed fraud: the ceiling for reimbursements. */
  confirmedLossYen: z.number().int(),
  reimbursedYen: z.number().int(),
  /** Confirmed loss not reimbursed yet (never below 0). */
  outstandingYen: z.number().int(),
  assignee: person.nullable(),
  incident: z.object({ id: z.string(), reference: z.string(), title: z.string() }).nullable(),
  dueAt: z.string(),
  snoozedUntil: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  lastActivityAt: z.string(),
});
export type CaseHeader = z.output<typeof caseHeader>;

export const caseTransaction = linkTransaction.extend({
  linkId: z.string(),
  bankCode: z.string(),
  accountNumberMasked: z.string(),
  /** Of the case's own link (else of another link of the same wallet). */
  ownLink: z.boolean(),
  /** The mark on this case: true fraudulent, false not, null not marked. */
  fraudulent: z.boolean().nullable(),
});
export type CaseTransaction = z.output<typeof caseTransaction>;

export const timelineEntry = z.object({
  id: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  at: z.string(),
  actor: person.nullable(),
  /** The case version the entry made (null for seeded history and the bank's control changes). */
  version: z.number().int().nullable(),
  /** `{ from, to }`, a note's `text`, a mark's transaction… as the kind says; people named in it resolved in `people`. */
  body: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.output<typeof timelineEntry>;

export const relatedCase = z.union([
  z.object({
    visible: z.literal(true),
    id: z.string(),
    reference: z.string(),
    bankCode: z.string(),
    bankNameJa: z.string(),
    bankNameEn: z.string(),
    status: z.enum(CASE_STATUSES),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    lossYen: z.number().int(),
    openedAt: z.string(),
    relations: z.array(z.enum(RELATIONS)),
  }),
  /** A case at a bank the viewer may not see: only that it exists and how it is related. */
  z.object({ visible: z.literal(false), relations: z.array(z.enum(RELATIONS)) }),
]);
export type RelatedCase = z.output<typeof relatedCase>;

export const caseFile = z.object({
  case: caseHeader,
  transactions: z.object({
    items: z.array(caseTransaction),
    /** Every transaction of the link and the wallet's other links in scope (the items are the newest, plus every marked one). */
    total: z.number().int(),
    truncated: z.boolean(),
  }),
  timeline: z.object({ items: z.array(timelineEntry), truncated: z.boolean() }),
  related: z.object({ items: z.array(relatedCase), truncated: z.boolean() }),
  /** People named in the timeline (assignments' from and to), by id. */
  people: z.record(z.string(), z.string()),
  /** Whom the case may be given to (active investigators of the carrier and of the case's bank); empty for a viewer who cannot assign. */
  assignees: z.array(person),
});
export type CaseFile = z.output<typeof caseFile>;
