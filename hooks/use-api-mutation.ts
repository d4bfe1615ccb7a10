"use client";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRef } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { ApiError, withIdempotencyKey } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText, problemText } from "@/lib/i18n/problem-text";

/**
 * The one mutation hook of the console. `mutationFn` calls /api/v1 through lib/api-client.ts. On
 * success it awaits the invalidation of every query the entity touches (the mutation stays pending
 * until the lists are fresh), then toasts `success` (already translated). On failure each field
 * code the API gives goes to that field of `form` (setError, in the reader's language); what no
 * field explains goes to the form's `root.serverError`, or to a toast when there is no form.
 * Toasts and invalidation live here, not in per-call callbacks, so they happen even after the
 * dialog that started the mutation has closed.
 *
 * Each POST carries an Idempotency-Key: one per intent (the same variables), kept while the person
 * retries after a network failure or a 5xx, so a change the server made before the answer was lost
 * is answered again, not made twice; a new key after a success or a 4xx (the next attempt is a new
 * request, or a corrected one).
 */
export function useApiMutation<TVars, TResult, TForm extends FieldValues = FieldValues>({
  mutationFn,
  invalidate,
  success,
  form,
  errorShownBy = "toast",
  onSuccess,
}: {
  mutationFn: (vars: TVars) => Promise<TResult>;
  /** Every query key the change makes stale (lists, counts, the entity's page). */
  invalidate: readonly QueryKey[] | ((result: TResult, vars: TVars) => readonly QueryKey[]);
  /** The translated success message, or null for none. */
  success?: (result: TResult, vars: TVars) => string | null;
  form?: UseFormReturn<TForm>;
  /** Without a form, a failure is toasted; "caller" when the caller shows `error` itself (inside its confirmation). */
  errorShownBy?: "toast" | "caller";
  /** After the lists are fresh: close a dialog, keep a one-time secret… */
  onSuccess?: (result: TResult, vars: TVars) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const intent = useRef<{ vars: TVars; json: string | null; key: string } | null>(null);
  return useMutation<TResult, unknown, TVars>({
    mutationFn: (vars) => {
      // The same intent: the very same variables (a file), or equal JSON ones (a form's values).
      const json = vars instanceof Blob ? null : JSON.stringify(vars ?? null);
      const same = intent.current && (intent.current.vars === vars || (json !== null && intent.current.json === json));
      if (!same) intent.current = { vars, json, key: newIdempotencyKey() };
      return withIdempotencyKey(intent.current!.key, () => mutationFn(vars));
    },
    onSuccess: async (result, vars) => {
      intent.current = null;
      const keys = typeof invalidate === "function" ? invalidate(result, vars) : invalidate;
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      const message = success?.(result, vars);
      if (message) toast.success(message);
      onSuccess?.(result, vars);
    },
    onError: (e) => {
      // A refusal (4xx) is final for this request: the next attempt gets a new key. A network
      // failure (status 0) or a 5xx keeps it: the server may have acted before the answer was lost.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) intent.current = null;
      if (form && e instanceof ApiError) {
        const known = form.formState.defaultValues ?? {};
        let placed = 0;
        for (const [field, problem] of Object.entries(e.problems)) {
          if (!Object.hasOwn(known, field.split(".")[0]!)) continue;
          form.setError(field as Path<TForm>, { type: "server", message: fieldErrorText(t, problem) }, { shouldFocus: placed === 0 });
          placed++;
        }
        if (placed < Object.keys(e.problems).length || placed === 0) form.setError("root.serverError", { type: String(e.status), message: problemText(t, unplaced(e, known)) });
        return;
      }
      if (errorShownBy === "toast") toast.error(problemText(t, e));
    },
  });
}

/** 128 random bits as hex: crypto.getRandomValues works on plain http too (randomUUID needs a secure context). */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The error with only the field problems no form field shows (so the form's top says those, or the problem's code). */
function unplaced(e: ApiError, known: object): ApiError {
  const rest = Object.fromEntries(Object.entries(e.problems).filter(([field]) => !Object.hasOwn(known, field.split(".")[0]!)));
  return new ApiError(e.status, e.message, e.requestId, e.code, e.params, rest, e.extensions);
}
