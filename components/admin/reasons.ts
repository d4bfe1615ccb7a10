import type { ZodError } from "zod";
import { issueProblem, type FieldErrors, type FieldProblem } from "@/lib/errors";
import { fieldErrorText, problemText } from "@/lib/i18n/problem-text";
import type { Translate } from "@/lib/i18n/types";

/** A field's code in the reader's language (lib/i18n/problem-text.ts). */
export function reasonText(t: Translate, problem: FieldProblem | undefined): string | null {
  return problem ? fieldErrorText(t, problem) : null;
}

/** The same field → code map the API answers with, from a client-side parse of the shared schema. */
export function zodFields(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "body";
    fields[key] ??= issueProblem(issue);
  }
  return fields;
}

/** One sentence for a failed request that has no field to sit next to. */
export function failureText(t: Translate, e: unknown): string {
  return problemText(t, e);
}
