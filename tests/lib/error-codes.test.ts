import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/api-client";
import { issueProblem } from "@/lib/errors";
import { CATALOGUES } from "@/lib/i18n/catalogue";
import { FIELD_ERROR_CODES, PROBLEM_CODES } from "@/lib/i18n/error-codes";
import { fieldErrorText, problemText } from "@/lib/i18n/problem-text";
import { makeTranslate } from "@/lib/i18n/translate";

const en = makeTranslate(CATALOGUES.en);
const ja = makeTranslate(CATALOGUES.ja);
const issue = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues[0]!;

describe("errors by code", () => {
  it("a zod issue becomes zod's code with its params, or the schema's own code", () => {
    expect(issueProblem(issue(z.string().min(4), "12"))).toEqual({ code: "too_small", params: { minimum: 4, inclusive: 1, origin: "string" } });
    expect(issueProblem(issue(z.string().regex(/^\d{4}$/, "bank_code"), "x"))).toMatchObject({ code: "bank_code" });
    expect(issueProblem(issue(z.enum(["a", "b"]), "c"))).toEqual({ code: "invalid_value", params: { values: "a, b" } });
    // An English sentence given by a schema is not a code: zod's own code stands.
    expect(issueProblem(issue(z.number().positive("Must be positive."), -1))).toMatchObject({ code: "too_small" });
  });

  it("each code reads in both languages, the size codes by what was measured", () => {
    expect(fieldErrorText(en, { code: "too_small", params: { minimum: 4, origin: "string" } })).toBe("At least 4 characters.");
    expect(fieldErrorText(ja, { code: "too_small", params: { minimum: 4, origin: "string" } })).toBe("4 文字以上で入力してください。");
    expect(fieldErrorText(en, { code: "too_small", params: { minimum: 1, origin: "string" } })).toBe("Required.");
    expect(fieldErrorText(en, { code: "too_small", params: { minimum: 1, origin: "array" } })).toBe("Choose at least 1.");
    expect(fieldErrorText(ja, { code: "email_taken" })).toBe("このメールアドレスは、ほかのスタッフが使用しています。");
    expect(fieldErrorText(en, { code: "no_such_code_yet" })).toBe("This value is not valid.");
    for (const code of FIELD_ERROR_CODES) for (const t of [en, ja]) expect(t.has(`errors.field.${code}`)).toBe(true);
    for (const lang of [CATALOGUES.en, CATALOGUES.ja]) for (const code of PROBLEM_CODES) expect(lang.errors.problem[code]).toBeTruthy();
  });

  it("a failed request reads as its first field's words, else its problem code", () => {
    const withField = new ApiError(409, "x", "r1", "conflict", {}, { email: { code: "email_taken" } });
    expect(problemText(en, withField)).toBe("Another staff member already uses this e-mail address.");
    expect(problemText(ja, new ApiError(403, "x", "r1", "forbidden"))).toBe("現在のロールではこの操作はできません。");
    expect(problemText(en, new ApiError(500, "x", "r9", "internal"))).toBe("Something went wrong on our side. Request id: r9");
    expect(problemText(en, new ApiError(0, "x", null))).toBe("Could not reach the server. Check the connection and try again.");
  });
});
