"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { ApiError, sendJson } from "./api";
import { zodFields } from "./reasons";

/**
 * What the "new staff member" and "new API key" forms share: the input is checked with the API's
 * own schema first (errors next to their fields, no request), then posted; the API's field errors
 * (an e-mail already in use) land next to their fields too; on success the list is refreshed and
 * the result (which carries a secret shown once) is kept for the form to show.
 */
export function useCreate<R>({
  url,
  schema,
  listKey,
  formFields,
  onCreated,
}: {
  url: string;
  schema: z.ZodType;
  listKey: readonly unknown[];
  formFields: readonly string[];
  onCreated: (result: R) => void;
}) {
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<FieldErrors>({});
  const [created, setCreated] = useState<R | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => sendJson<R>(url, "POST", body),
    onSuccess: async (result) => {
      setCreated(result);
      onCreated(result);
      await queryClient.invalidateQueries({ queryKey: listKey });
    },
    onError: (e) => setFields(e instanceof ApiError ? e.problems : {}),
  });

  function submit(input: unknown) {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setFields(zodFields(parsed.error));
      return;
    }
    setFields({});
    create.mutate(input);
  }

  return { fields, created, create, submit, hasFieldErrors: formFields.some((f) => fields[f]) };
}
