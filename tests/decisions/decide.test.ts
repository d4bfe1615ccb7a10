import { describe, expect, it } from "vitest";
import type { BankControlsEntry, ControlSnapshot, SnapshotView } from "@/lib/controls/snapshot";
import { decide } from "@/lib/decisions/decide";
import type { ControlState } from "@/db/schema";

function view(registrations: ControlState, charges: ControlState, fresh = true): SnapshotView {
  const bank: BankControlsEntry = {
    bankId: "b1",
    bankCode: "0001",
    registrations,
    registrationsVersion: 1001,
    charges,
    chargesVersion: 1002,
    version: 1002,
  };
  const snapshot: ControlSnapshot = { banks: new Map([["0001", bank]]), maxVersion: 1005, loadedAt: 0 };
  return { snapshot, fresh, ageMs: fresh ? 10 : 10_000 };
}

const STATES: ControlState[] = ["open", "strong_only", "suspended"];
const METHODS = ["pin_only", "otp", "identity_document"] as const;

describe("decide(): the rule of the decision API", () => {
  // Every state of the asked control x every verification method, for both operations.
  const table: [op: "link" | "charge", state: ControlState, method: (typeof METHODS)[number], decision: string, reason: string][] = [];
  for (const op of ["link", "charge"] as const) {
    for (const state of STATES) {
      for (const method of METHODS) {
        const strong = method !== "pin_only";
        const [decision, reason] =
          state === "open"
            ? ["allow", "open"]
            : state === "suspended"
              ? ["deny", op === "link" ? "registrations_suspended" : "charges_suspended"]
              : strong
                ? ["allow", "strong_verification_met"]
                : ["deny", "strong_verification_required"];
        table.push([op, state, method, decision, reason]);
      }
    }
  }

  it.each(table)("%s with the control %s and verification %s: %s (%s)", (op, state, method, decision, reason) => {
    // The other control is set to the opposite extreme, to prove only the asked one counts.
    const other: ControlState = state === "suspended" ? "open" : "suspended";
    const v = op === "link" ? view(state, other) : view(other, state);
    const r = decide(v, { operation: op, bankCode: "0001", verification: method }, new Date("2020-09-14T07:00:00Z"));
    expect(r).toMatchObject({ kind: "decided", decision, reason, decidedAt: "2020-09-14T07:00:00.000Z" });
    if (r.kind === "decided") expect(r.controlVersion).toBe(op === "link" ? 1001 : 1002);
  });

  it("denies with controls_unavailable when the snapshot is not confirmed fresh, even where everything is open", () => {
    const r = decide(view("open", "open", false), { operation: "charge", bankCode: "0001", verification: "otp" });
    expect(r).toMatchObject({ kind: "decided", decision: "deny", reason: "controls_unavailable", controlVersion: 1005 });
  });

  it("denies with controls_unavailable when no snapshot was ever loaded", () => {
    const r = decide({ snapshot: null, fresh: false, ageMs: Infinity }, { operation: "link", bankCode: "0001", verification: "otp" });
    expect(r).toMatchObject({ kind: "decided", decision: "deny", reason: "controls_unavailable", controlVersion: 0 });
  });

  it("reports an unknown bank code, and a bank the caller may not ask about, as unknown_bank", () => {
    expect(decide(view("open", "open"), { operation: "link", bankCode: "9999", verification: "otp" })).toEqual({ kind: "unknown_bank" });
    expect(decide(view("open", "open"), { operation: "link", bankCode: "0001", verification: "otp" }, new Date(), () => false)).toEqual({
      kind: "unknown_bank",
    });
  });
});
