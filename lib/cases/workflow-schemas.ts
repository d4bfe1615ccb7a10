import { z } from "zod";
import { isUuid } from "@/lib/http/cursor";
import { CASE_OUTCOMES, CASE_SEVERITIES, CASE_STATUSES, NOTE_MAX, REASON_MAX } from "./constants";

/**
 * The shapes of the workflow's routes (lib/cases/workflow.ts) and the case file, shared by the
 * routes, the OpenAPI document and the case file's forms. Pure (no server-only).
 */

/** A case in a path: its id, or its reference (C-2020-0042). Anything else names no case: 404. */
export const caseIdParam = z
  .string()
  .refine((s) => isUuid(s) || /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(s), "A case id or reference.")
  .meta({ description: "The case's id (UUID) or reference (C-2020-0042)" });

/** The version of the case the person read: a write on an older one is 409 stale_version. */
const version = z.number({ error: "required" }).int().min(1).meta({ description: "The case's version as read (409 stale_version when it has moved on)" });
const reason = z.string().trim().max(REASON_MAX).nullish();

export const statusRequest = z.object({
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullish(),
  reason,
  version,
});
export type StatusRequest = z.input<typeof statusRequest>;

export const assignRequest = z.object({
  assigneeId: z.string().refine(isUuid, "invalid_format").nullable().meta({ description: "The investigator's user id; null unassigns" }),
  reason,
  version,
});
export type AssignRequest = z.input<typeof assignRequest>;

export const severityRequest = z.object({ severity: z.enum(CASE_SEVERITIES), reason, version });
export type SeverityRequest = z.input<typeof severityRequest>;

export const snoozeRequest = z.object({
  until: z.iso.datetime({ offset: true }).nullable().meta({ description: "Until when (ISO 8601 with offset); null wakes the case" }),
  version,
});
export type SnoozeRequest = z.input<typeof snoozeRequest>;

export const incidentRequest = z.object({
  incidentId: z.string().trim().min(1).max(64).nullable().meta({ description: "The incident's id or reference (INC-2020-001); null detaches" }),
  version,
});
export type IncidentRequest = z.input<typeof incidentRequest>;

export const noteRequest = z.object({
  text: z.string().trim().min(1).max(NOTE_MAX).meta({ description: "Markdown; shown without raw HTML" }),
  version,
});
export type NoteRequest = z.input<typeof noteRequest>;

export const markRequest = z.object({ fraudulent: z.boolean(), version });
export type MarkRequest = z.input<typeof markRequest>;

export const caseWriteResult = z.object({
  id: z.string(),
  reference: z.string(),
  version: z.number().int(),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  severity: z.enum(CASE_SEVERITIES),
  assigneeId: z.string().nullable(),
  incidentId: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  dueAt: z.string(),
  closedAt: z.string().nullable(),
  lossYen: z.number().int(),
  confirmedLossYen: z.number().int(),
  reimbursedYen: z.number().int(),
});
