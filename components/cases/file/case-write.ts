"use client";
import { createContext, useContext } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { ApiError, sendJson } from "@/lib/api-client";
import type { TimelineKind } from "@/lib/cases/constants";

/** The query key of a case file (the evidence panel invalidates it too). */
export const caseKey = (caseId: string) => ["case", caseId] as const;
export const caseUrl = (caseId: string, path = "") => `/api/v1/cases/${encodeURIComponent(caseId)}${path}`;

/** What lib/cases/write.ts answers a write made on an older version with (409 stale_version's extensions). */
export interface StaleChange {
  kind: TimelineKind;
  body: Record<string, unknown>;
  actorId: string | null;
  version: number | null;
  at: string;
}

/** A write refused as stale, kept for the person to re-apply on the current version or drop. */
export interface Conflict {
  /** The person's change, in words. */
  what: string;
  expected: number;
  current: number;
  changes: StaleChange[];
  /** The same change again, on `version`. */
  resend: (version: number) => Promise<unknown>;
}

export function isStale(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409 && e.code === "stale_version";
}

/** The conflict a stale ApiError stands for. */
export function conflictOf(e: ApiError, what: string, expected: number, resend: Conflict["resend"]): Conflict {
  const current = e.extensions.current as { version?: unknown } | undefined;
  const changes = Array.isArray(e.extensions.changes) ? (e.extensions.changes as StaleChange[]) : [];
  const version = typeof current?.version === "number" ? current.version : typeof e.params.current === "number" ? e.params.current : expected;
  return { what, expected, current: version, changes, resend };
}

export const CaseWriteContext = createContext<{ caseId: string; onConflict: (c: Conflict) => void } | null>(null);

export function useCaseContext() {
  const ctx = useContext(CaseWriteContext);
  if (!ctx) throw new Error("useCaseContext outside the case file");
  return ctx;
}

export interface CaseWriteResult {
  version: number;
  lossYen: number;
  status: string;
}

/**
 * A write on the case through useApiMutation (its toasts, field errors and invalidation), carrying
 * the version the person read (`vars.version`). A 409 stale_version does not fail the form: it
 * becomes the case file's conflict panel (what changed since, re-apply or drop), and the mutation
 * settles with null so the dialog closes and the page refetches the case as it is now.
 */
export function useCaseMutation<TVars extends { version: number }, TForm extends FieldValues = FieldValues>({
  path,
  method = "POST",
  body = (vars) => vars,
  what,
  success,
  form,
  onSuccess,
}: {
  path: (vars: TVars) => string;
  method?: "POST" | "PUT";
  /** The request body (the vars themselves unless some go in the path). */
  body?: (vars: TVars) => unknown;
  what: (vars: TVars) => string;
  success: (result: CaseWriteResult, vars: TVars) => string | null;
  form?: UseFormReturn<TForm>;
  onSuccess?: (result: CaseWriteResult | null, vars: TVars) => void;
}) {
  const { caseId, onConflict } = useCaseContext();
  return useApiMutation<TVars, CaseWriteResult | null, TForm>({
    mutationFn: async (vars) => {
      const send = (v: TVars) => sendJson<CaseWriteResult>(caseUrl(caseId, path(v)), method, body(v));
      try {
        return await send(vars);
      } catch (e) {
        if (!isStale(e)) throw e;
        onConflict(conflictOf(e, what(vars), vars.version, (version) => send({ ...vars, version })));
        return null;
      }
    },
    invalidate: [caseKey(caseId)],
    success: (r, v) => (r ? success(r, v) : null),
    form,
    onSuccess,
  });
}
