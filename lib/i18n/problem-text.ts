import { ApiError } from "@/lib/api-client";
import type { FieldProblem } from "@/lib/errors";
import { isFieldErrorCode, isProblemCode, type FieldErrorCode } from "./error-codes";
import type { Translate, Vars } from "./types";

/**
 * The one way the console turns the API's machine codes into words (no sentence is ever matched):
 * a field's `{ code, params }` and a whole problem's `code`, in the reader's language.
 */

/** The message a field code reads as: zod's size codes are told apart by what was measured. */
export function fieldMessageCode({ code, params }: FieldProblem): FieldErrorCode {
  const origin = params?.origin;
  const minimum = Number(params?.minimum);
  if (code === "too_small") {
    if (origin === "string") return minimum <= 1 ? "required" : "too_short";
    if (origin === "array" || origin === "set") return "too_few";
    return "too_small";
  }
  if (code === "too_big") {
    if (origin === "string") return "too_long";
    if (origin === "array" || origin === "set") return "too_many";
    return "too_big";
  }
  if (code === "invalid_format" && params?.format === "email") return "email";
  return isFieldErrorCode(code) ? code : "invalid";
}

export function fieldErrorText(t: Translate, problem: FieldProblem): string {
  return t(`errors.field.${fieldMessageCode(problem)}`, problem.params as Vars | undefined);
}

/** Why a request failed, for a toast or the form's top: the first field's words when only fields explain it, else the problem's code. */
export function problemText(t: Translate, e: unknown): string {
  if (!(e instanceof ApiError) || e.status === 0) return t("errors.problem.network");
  const first = Object.values(e.problems)[0];
  if (first) return fieldErrorText(t, first);
  const vars = { ...e.params, requestId: e.requestId ?? "—" };
  const code = e.status >= 500 ? (e.status === 503 ? "unavailable" : "internal") : e.code;
  return t(`errors.problem.${isProblemCode(code) ? code : "failed"}`, vars);
}
