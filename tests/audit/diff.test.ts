import { describe, expect, it } from "vitest";
import { auditDiff } from "@/lib/audit/diff";
import { actionLabel, fieldLabel, valueText } from "@/lib/audit/describe";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { makeTranslate } from "@/lib/i18n/translate";

const ja = makeTranslate(CATALOGUES.ja);
const en = makeTranslate(CATALOGUES.en);
const none = { action: "control.tightened", people: {} };

describe("an audit entry's before and after as a diff", () => {
  it("lists only the fields that changed, in before's order, and what only after has", () => {
    const rows = auditDiff(
      { state: "open", version: 3 },
      { state: "suspended", version: 4, reason: "不正の疑い", cancelledRequests: [], bulk: { banks: 35, changed: 35 } },
    );
    expect(rows).toEqual([
      { field: "state", before: "open", after: "suspended" },
      { field: "version", before: 3, after: 4 },
      { field: "reason", before: undefined, after: "不正の疑い" },
      { field: "bulk.banks", before: undefined, after: 35 },
      { field: "bulk.changed", before: undefined, after: 35 },
    ]);
  });

  it("leaves out a field equal on both sides, lists and objects compared by value", () => {
    const rows = auditDiff(
      { email: "a@bank.test", roles: ["bank_operator"], scopes: ["read", "events"] },
      { email: "a@bank.test", roles: ["bank_operator", "manager"], scopes: ["read", "events"], removed: [] },
    );
    expect(rows).toEqual([{ field: "roles", before: ["bank_operator"], after: ["bank_operator", "manager"] }]);
  });

  it("shows every field of a creation, and a removed field with nothing after", () => {
    expect(auditDiff(null, { name: "wallet", scopes: ["events"] })).toEqual([
      { field: "name", before: undefined, after: "wallet" },
      { field: "scopes", before: undefined, after: ["events"] },
    ]);
    expect(auditDiff({ note: "x" }, {})).toEqual([{ field: "note", before: "x", after: undefined }]);
    expect(auditDiff(null, null)).toEqual([]);
  });
});

describe("an audit entry in words", () => {
  it("labels actions in both languages and leaves an unknown code as it is", () => {
    expect(actionLabel(ja, "control.tightened")).toBe("受付制限を強化");
    expect(actionLabel(en, "auth.signed_in")).toBe("Signed in");
    expect(actionLabel(en, "auth.sign_in_refused_locked")).toBe("Sign-in refused: account locked");
    expect(actionLabel(ja, "something.else")).toBe("something.else");
  });

  it("translates control states, roles, statuses and booleans, and names people within view", () => {
    expect(valueText(ja, "state", "suspended", none)).toBe("受付停止");
    expect(valueText(en, "toState", "strong_only", none)).toBe("Strong verification only");
    expect(valueText(ja, "roles", ["investigator", "manager"], none, "、")).toBe("不正調査担当、管理職");
    expect(valueText(en, "status", "frozen", none)).toBe("Frozen");
    expect(valueText(en, "revoked", true, none)).toBe("Yes");
    expect(valueText(en, "bulk.banks", 35, none)).toBe("35");
    const people = { "3f1c0a4e-0000-4000-8000-000000000001": { name: "佐藤 花子", email: "sato@carrier.demo" } };
    expect(valueText(en, "approvedBy", "3f1c0a4e-0000-4000-8000-000000000001", { action: "control.loosened", people })).toBe("佐藤 花子 (sato@carrier.demo)");
    expect(valueText(en, "approvedBy", "3f1c0a4e-0000-4000-8000-000000000002", { action: "control.loosened", people })).toBe("Someone outside your view");
    expect(valueText(en, "scheduledFor", "2020-09-14T07:00:00.000Z", none)).toBe("2020/09/14 16:00");
  });

  it("translates a reason code of a sign-in, but not the reason a person typed for a control", () => {
    expect(valueText(ja, "reason", "wrong_password", { action: "auth.sign_in_failed", people: {} })).toBe("パスワードの誤り");
    expect(valueText(ja, "reason", "disabled", { action: "control.tightened", people: {} })).toBe("disabled");
  });

  it("labels fields, one level of nesting too, and events by type", () => {
    expect(fieldLabel(ja, "state")).toBe("状態");
    expect(fieldLabel(en, "bulk.banks")).toBe("Banks in the bulk change");
    expect(fieldLabel(en, "byType.charge")).toBe("Charges");
    expect(fieldLabel(en, "somethingNew")).toBe("somethingNew");
  });
});
