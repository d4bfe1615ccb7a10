import { describe, expect, it } from "vitest";
import { decisionQuestion, quickDecisionQuestion } from "@/lib/decisions/schemas";

/**
 * quickDecisionQuestion is the decision path's check without zod. It must agree with the schema:
 * whatever it accepts, zod accepts with the same result; whatever zod refuses, it refuses (and zod
 * then names the fault).
 */
const valid = [
  { operation: "charge", bankCode: "0101", walletId: "w-1", verification: "pin_only", amountYen: 30_000 },
  { operation: "charge", bankCode: "0000", walletId: "x".repeat(64), verification: "identity_document", amountYen: 10_000_000 },
  { operation: "charge", bankCode: "9999", walletId: "ウォレット", verification: "otp", amountYen: 1 },
  { operation: "link", bankCode: "0108", walletId: "w-2", verification: "otp" },
];

const invalid: unknown[] = [
  null,
  [],
  "charge",
  42,
  {},
  { ...valid[0], operation: "refund" },
  { ...valid[0], bankCode: "101" },
  { ...valid[0], bankCode: "01010" },
  { ...valid[0], bankCode: "０１０１" },
  { ...valid[0], bankCode: 101 },
  { ...valid[0], walletId: "" },
  { ...valid[0], walletId: "x".repeat(65) },
  { ...valid[0], walletId: 7 },
  { ...valid[0], verification: "sms" },
  { ...valid[0], amountYen: 0 },
  { ...valid[0], amountYen: -1 },
  { ...valid[0], amountYen: 1.5 },
  { ...valid[0], amountYen: 10_000_001 },
  { ...valid[0], amountYen: "30000" },
  { ...valid[0], amountYen: Number.NaN },
  { ...valid[0], amountYen: Number.POSITIVE_INFINITY },
  { operation: "charge", bankCode: "0101", walletId: "w-1", verification: "pin_only" },
  { ...valid[3], amountYen: 100 },
  { ...valid[0], note: "extra field" },
  JSON.parse('{"operation":"link","bankCode":"0108","walletId":"w","verification":"otp","__proto__":{"x":1}}'),
];

describe("the decision path's quick check", () => {
  it("accepts every valid question with exactly zod's result", () => {
    for (const q of valid) {
      const quick = quickDecisionQuestion(q);
      expect(quick, JSON.stringify(q)).toBeDefined();
      expect(quick).toEqual(decisionQuestion.parse(q));
    }
  });

  it("refuses everything zod refuses, so zod names the fault", () => {
    for (const q of invalid) {
      expect(decisionQuestion.safeParse(q).success, JSON.stringify(q)).toBe(false);
      expect(quickDecisionQuestion(q), JSON.stringify(q)).toBeUndefined();
    }
  });

  it("never accepts what zod refuses over many random questions", () => {
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const values = ["link", "charge", "0101", "010", "w", "", "pin_only", "otp", "identity_document", 0, 1, -1, 1.5, 10_000_000, 10_000_001, null, true, undefined];
    const keys = ["operation", "bankCode", "walletId", "verification", "amountYen", "extra"];
    for (let i = 0; i < 20_000; i++) {
      const q: Record<string, unknown> = {};
      for (const k of keys) if (Math.random() < 0.85) q[k] = pick(values);
      const quick = quickDecisionQuestion(q);
      if (quick !== undefined) expect(quick).toEqual(decisionQuestion.parse(q));
    }
  });
});
