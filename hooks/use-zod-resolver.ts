"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import type { FieldErrors as FormErrors, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";
import { isMachineCode, issueProblem } from "@/lib/errors";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";

/**
 * zodResolver on the route's own request schema, with its messages in the reader's language: each
 * issue becomes the same `{ code, params }` the API would answer (lib/errors.ts issueProblem) and is
 * worded by lib/i18n/problem-text.ts, so a field reads the same whether the browser or the server
 * refused it. Use as `useForm({ resolver: useZodResolver(schema), defaultValues })`, no generic.
 */
export function useZodResolver<S extends z.ZodType<FieldValues, FieldValues>>(schema: S): Resolver<z.input<S>, unknown, z.output<S>> {
  const t = useT();
  return useMemo(() => {
    const inner = zodResolver(schema, { error: (issue) => fieldErrorText(t, issueProblem(issue)) });
    const resolver: Resolver<z.input<S>, unknown, z.output<S>> = async (values, context, options) => {
      const result = await inner(values, context, options);
      // A schema's own code (`.regex(re, "bank_code")`) comes back as the message: word it too.
      wordCodes(result.errors, (code) => fieldErrorText(t, { code }));
      return result;
    };
    return resolver;
  }, [schema, t]);
}

function wordCodes(errors: FormErrors, word: (code: string) => string) {
  for (const value of Object.values(errors)) {
    if (!value || typeof value !== "object") continue;
    const e = value as { message?: unknown; ref?: unknown };
    if (typeof e.message === "string" && isMachineCode(e.message)) e.message = word(e.message);
    else if (!("ref" in e) || typeof e.message !== "string") wordCodes(value as FormErrors, word);
  }
}
