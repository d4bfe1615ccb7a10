"use client";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client";
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
  return useMutation<TResult, unknown, TVars>({
    mutationFn,
    onSuccess: async (result, vars) => {
      const keys = typeof invalidate === "function" ? invalidate(result, vars) : invalidate;
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      const message = success?.(result, vars);
      if (message) toast.success(message);
      onSuccess?.(result, vars);
    },
    onError: (e) => {
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

/** The error with only the field problems no form field shows (so the form's top says those, or the problem's code). */
function unplaced(e: ApiError, known: object): ApiError {
  const rest = Object.fromEntries(Object.entries(e.problems).filter(([field]) => !Object.hasOwn(known, field.split(".")[0]!)));
  return new ApiError(e.status, e.message, e.requestId, e.code, e.params, rest, e.extensions);
}
