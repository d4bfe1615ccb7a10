import { z } from "zod";
import { CONTROL_STATES, CONTROLS, person } from "@/lib/controls/schemas";
import { STAFF_ROLES } from "@/lib/users/schemas";

/**
 * The console's home: the situation at a glance, in the viewer's scope. Pure (no server-only): the
 * client reads the types. A section is null when the viewer's roles do not reach the page behind it.
 */
const state = z.enum(CONTROL_STATES);
const control = z.enum(CONTROLS);

/** How many banks in scope have a control in each state. */
const stateCounts = z.object({ open: z.number().int(), strong_only: z.number().int(), suspended: z.number().int() });

/** A bank as every section names it (in the viewer's scope only). */
const bankNames = { bankCode: z.string(), nameJa: z.string(), nameEn: z.string() };

export const situationBank = z.object({
  ...bankNames,
  registrations: state,
  charges: state,
  /** Attempts the decision API denied in the window (decision_counters): links and charges. */
  blocked: z.object({ registrations: z.number().int(), charges: z.number().int() }),
});
export type SituationBank = z.output<typeof situationBank>;

export const situationResponse = z.object({
  /** Whose situation: every bank (the carrier) or one bank (its own staff). */
  scope: z.object({ kind: z.enum(["all", "bank"]), bankCode: z.string().nullable() }),
  generatedAt: z.string(),
  /** What the viewer's roles reach: which sections and links the home shows. */
  viewer: z.object({
    readsControls: z.boolean(),
    readsCases: z.boolean(),
    readsAccounts: z.boolean(),
    approvesLoosenings: z.boolean(),
    managesUsers: z.boolean(),
  }),
  /** The banks' switches (controls.read). */
  controls: z
    .object({
      totalBanks: z.number().int(),
      registrations: stateCounts,
      charges: stateCounts,
      banks: z.array(situationBank),
    })
    .nullable(),
  /** Attempts denied by the decision API in the last 24 hours, from the per-minute decision counters. */
  blocked: z
    .object({
      from: z.string(),
      to: z.string(),
      registrations: z.number().int(),
      charges: z.number().int(),
    })
    .nullable(),
  /** The newest incident that is not closed, counted over its cases in scope (cases.read); null also when none is open. */
  incident: z
    .object({
      reference: z.string(),
      title: z.string(),
      status: z.enum(["open", "contained", "closed"]),
      startedAt: z.string(),
      confirmedCases: z.number().int(),
      /** Banks with a confirmed case: null for a bank's staff (another bank's figure). */
      banksWithCases: z.number().int().nullable(),
      totalBanks: z.number().int(),
      /** Confirmed loss, whole yen. */
      lossYen: z.number().int(),
    })
    .nullable(),
  /** The newest control changes in scope (controls.read). */
  latestChanges: z
    .array(
      z.object({
        id: z.string(),
        ...bankNames,
        control,
        fromState: state,
        toState: state,
        reason: z.string(),
        by: person,
        at: z.string(),
      }),
    )
    .nullable(),
  /** What waits for the viewer's decision. */
  waiting: z.object({
    /** Loosenings the viewer may approve or reject (controls.approve_loosening); null without the role. */
    loosenings: z
      .array(
        z.object({
          id: z.string(),
          ...bankNames,
          control,
          currentState: state,
          toState: state,
          requestedBy: person,
          requestedAt: z.string(),
          scheduledFor: z.string().nullable(),
        }),
      )
      .nullable(),
    /** Role grants the viewer may approve or reject (users.manage); null without the role. */
    roleGrants: z
      .array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          email: z.string(),
          roles: z.array(z.enum(STAFF_ROLES)),
          requestedBy: z.string(),
          requestedAt: z.string(),
        }),
      )
      .nullable(),
    /** Password (and second-factor) resets of managers and admins the viewer may approve or reject (users.manage); null without the role. */
    credentialResets: z
      .array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          email: z.string(),
          resetTotp: z.boolean(),
          requestedBy: z.string(),
          requestedAt: z.string(),
        }),
      )
      .nullable(),
  }),
});
export type Situation = z.output<typeof situationResponse>;
