import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable, Tx } from "@/db";
import { bankControls, controlChangeRequests, controlChanges, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { seesBank } from "@/lib/auth/scope";
import { Invalid, NotFound, fieldError } from "@/lib/errors";
import { bankCode, type Control, type ControlStateName } from "./schemas";

/**
 * The one write path of a control change, shared by tightening, bulk tightening, an approved
 * loosening and a scheduled one: the row takes the next global version, the history gets its
 * entry. The caller holds the row lock (lockControls) and writes the audit entry in the same
 * transaction; the NOTIFY trigger on bank_controls tells every decision snapshot.
 */

export interface Bank {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
}

/**
 * A bank the actor may see, by its code; another bank's code is "not found", never "forbidden".
 * A code that is not four digits names no bank, and is not sent to the database (a NUL in a path
 * segment was a 500 there).
 */
export async function findBank(db: Queryable, actor: Actor, code: string): Promise<Bank> {
  if (!bankCode.safeParse(code).success) throw new NotFound("bank");
  const [row] = await db
    .select({ id: organisations.id, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.kind, "bank"), eq(organisations.bankCode, code)));
  if (!row || !seesBank(actor, row.id)) throw new NotFound("bank");
  return { id: row.id, code: row.code!, nameJa: row.nameJa, nameEn: row.nameEn };
}

/**
 * The banks a bulk change names, in bank-code order: every bank ("all"), or the codes given (an
 * unknown code is refused, by field, so the change never applies to fewer banks than asked).
 */
export async function resolveBulkBanks(db: Queryable, bankCodes: "all" | string[]): Promise<Bank[]> {
  const all = await db
    .select({ id: organisations.id, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.kind, "bank"))
    .orderBy(asc(organisations.bankCode));
  const banks = all.map((b) => ({ id: b.id, code: b.code!, nameJa: b.nameJa, nameEn: b.nameEn }));
  if (bankCodes === "all") return banks;
  const wanted = new Set(bankCodes);
  const unknown = [...wanted].filter((c) => !banks.some((b) => b.code === c));
  if (unknown.length) throw new Invalid("Some bank codes are unknown.", { bankCodes: fieldError("unknown_bank_codes", { codes: unknown.join(", ") }) });
  return banks.filter((b) => wanted.has(b.code));
}

export interface LockedControl {
  bankId: string;
  control: Control;
  state: ControlStateName;
  version: number;
}

/**
 * Locks the controls' rows until the transaction ends, always in (bank_id, control) order so two
 * changes over overlapping banks never deadlock. Every writer of a control or of its requests
 * takes this lock first.
 */
export async function lockControls(tx: Tx, bankIds: string[], control: Control): Promise<LockedControl[]> {
  if (bankIds.length === 0) return [];
  return tx
    .select({ bankId: bankControls.bankId, control: bankControls.control, state: bankControls.state, version: bankControls.version })
    .from(bankControls)
    .where(and(inArray(bankControls.bankId, bankIds), eq(bankControls.control, control)))
    .orderBy(bankControls.bankId, bankControls.control)
    .for("update");
}

export interface ChangeInput {
  bankIds: string[];
  control: Control;
  toState: ControlStateName;
  reason: string;
  /** The bank's state before, per bank id (from lockControls). */
  fromStates: Map<string, ControlStateName>;
  changedBy: string | null;
  changedByApiKey?: string | null;
  approvedBy?: string | null;
  requestId?: string | null;
}

export interface Changed {
  bankId: string;
  version: number;
  changedAt: Date;
}

export async function writeChange(tx: Tx, input: ChangeInput): Promise<Changed[]> {
  if (input.bankIds.length === 0) return [];
  const rows = await tx
    .update(bankControls)
    .set({
      state: input.toState,
      version: sql`nextval('control_version_seq')`,
      changedAt: sql`now()`,
      changedBy: input.changedBy,
      reason: input.reason,
    })
    .where(and(inArray(bankControls.bankId, input.bankIds), eq(bankControls.control, input.control)))
    .returning({ bankId: bankControls.bankId, version: bankControls.version, changedAt: bankControls.changedAt });
  await tx.insert(controlChanges).values(
    rows.map((r) => ({
      bankId: r.bankId,
      control: input.control,
      fromState: input.fromStates.get(r.bankId) ?? "open",
      toState: input.toState,
      reason: input.reason,
      changedBy: input.changedBy,
      changedByApiKey: input.changedByApiKey ?? null,
      approvedBy: input.approvedBy ?? null,
      requestId: input.requestId ?? null,
      // now() is the transaction's start: the same instant as bank_controls.changed_at.
      changedAt: sql`now()`,
    })),
  );
  return rows;
}

/**
 * A tightening voids every loosening still waiting for these controls (pending, or approved and
 * scheduled): a loosening reviewed before an emergency must not undo it later.
 */
export async function cancelOpenLoosenings(tx: Tx, bankIds: string[], control: Control, by: string | null): Promise<{ id: string; bankId: string }[]> {
  if (bankIds.length === 0) return [];
  return tx
    .update(controlChangeRequests)
    .set({ status: "cancelled", decidedAt: sql`now()`, decidedBy: by, decisionNote: "Cancelled by a tightening of the same control." })
    .where(
      and(
        inArray(controlChangeRequests.bankId, bankIds),
        eq(controlChangeRequests.control, control),
        inArray(controlChangeRequests.status, ["pending", "approved"]),
      ),
    )
    .returning({ id: controlChangeRequests.id, bankId: controlChangeRequests.bankId });
}

export function controlEntityId(bankCode: string, control: Control): string {
  return `${bankCode}:${control}`;
}
