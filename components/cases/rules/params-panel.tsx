"use client";
import { useMutation } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useId, useState } from "react";
import { useForm, type FieldValues } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/data-table/data-table";
import { CheckboxGroupField, FormField, FormRootError } from "@/components/ui/form";
import { Input, NativeSelect, WholeNumberInput } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { ApiError, sendJson } from "@/lib/api-client";
import { CASE_SEVERITIES } from "@/lib/cases/constants";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";
import { IDENTITY_KEYS, PARAM_LIMITS, RULE_NUMERIC_PARAMS, SPEND_CATEGORIES, ruleParamsSchemas } from "@/lib/rules/schemas";
import { RULES_QUERY_KEY } from "./text";
import type { DryRunResponse, RuleView } from "./types";

/**
 * A rule's parameters on the route's own schema (react-hook-form + useZodResolver), saved with the
 * version read, and a dry run of the same values over history (nothing written) with its figures
 * and the links it would have flagged.
 */
export function ParamsPanel({ rule, name, carrier }: { rule: RuleView; name: string; carrier: boolean }) {
  const t = useT();
  const schema = ruleParamsSchemas[rule.code] as unknown as z.ZodType<FieldValues, FieldValues>;
  const form = useForm({ resolver: useZodResolver(schema), defaultValues: rule.params as unknown as FieldValues });
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const fromId = useId();
  const toId = useId();
  const save = useApiMutation({
    mutationFn: (params: FieldValues) => sendJson(`/api/v1/rules/${rule.code}`, "PATCH", { version: rule.version, params }),
    invalidate: [RULES_QUERY_KEY],
    success: () => t("cases.rules.params.saved", { name }),
    form,
  });
  const dry = useMutation({
    mutationFn: (params: FieldValues) =>
      sendJson<DryRunResponse>(`/api/v1/rules/${rule.code}/dry-run`, "POST", { params, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
  });
  const numeric = RULE_NUMERIC_PARAMS[rule.code];
  const result = dry.data;

  return (
    <div className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 className="font-semibold">{t("cases.rules.params.title", { name })}</h3>
      <form noValidate onSubmit={form.handleSubmit((values) => save.mutate(values))} className="space-y-3">
        <FormRootError form={form} />
        <div className="grid gap-3 sm:grid-cols-2">
          {numeric.map((key) => (
            <FormField key={key} control={form.control} name={key} label={t(`cases.rules.params.${key}`)} description={t("cases.rules.params.range", PARAM_LIMITS[key])}>
              {(field, aria) => <WholeNumberInput {...field} {...aria} min={PARAM_LIMITS[key].min} max={PARAM_LIMITS[key].max} />}
            </FormField>
          ))}
          <FormField control={form.control} name="severity" label={t("cases.rules.params.severity")}>
            {(field, aria) => (
              <NativeSelect {...field} {...aria}>
                {CASE_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`cases.severity.${s}`)}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
        </div>
        {rule.code === "multi_bank_identity" ? (
          <CheckboxGroupField control={form.control} name="matchOn" legend={t("cases.rules.params.matchOn")} options={IDENTITY_KEYS.map((k) => ({ value: k, label: t(`cases.rules.identity.${k}`) }))} />
        ) : null}
        {rule.code === "cash_out" ? (
          <CheckboxGroupField control={form.control} name="categories" legend={t("cases.rules.params.categories")} options={SPEND_CATEGORIES.map((k) => ({ value: k, label: t(`cases.rules.category.${k}`) }))} />
        ) : null}
        <Button type="submit" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? t("cases.rules.params.saving") : t("cases.rules.params.save")}
        </Button>
      </form>

      <section aria-labelledby={`dry-${rule.code}`} className="space-y-3 border-t border-slate-200 pt-3">
        <div>
          <h4 id={`dry-${rule.code}`} className="font-semibold">
            {t("cases.rules.dryRun.title")}
          </h4>
          <p className="text-xs text-slate-700">{t("cases.rules.dryRun.intro")}</p>
        </div>
        {carrier ? (
          <>
            <div className="flex flex-wrap items-end gap-3">
              <div className="space-y-1">
                <label htmlFor={fromId} className="block text-sm font-medium">
                  {t("cases.rules.dryRun.from")}
                </label>
                <Input id={fromId} type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-44" />
              </div>
              <div className="space-y-1">
                <label htmlFor={toId} className="block text-sm font-medium">
                  {t("cases.rules.dryRun.to")}
                </label>
                <Input id={toId} type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-44" />
              </div>
              <Button type="button" variant="outline" disabled={dry.isPending} aria-busy={dry.isPending || undefined} onClick={form.handleSubmit((values) => dry.mutate(values))}>
                {dry.isPending ? t("cases.rules.dryRun.running") : t("cases.rules.dryRun.run")}
              </Button>
            </div>
            {dry.isError ? (
              <Notice tone="error">
                {t("cases.rules.dryRun.failed")} {dry.error instanceof ApiError ? problemText(t, dry.error) : null}
              </Notice>
            ) : null}
            {result ? <DryRunResult result={result} /> : null}
          </>
        ) : (
          <Notice>{t("cases.rules.dryRun.notCarrier")}</Notice>
        )}
      </section>
    </div>
  );
}

type FlaggedLink = DryRunResponse["links"][number];

function DryRunResult({ result }: { result: DryRunResponse }) {
  const t = useT();
  const col = (c: "at" | "bank" | "holder" | "account" | "wallet" | "kind") => t(`cases.rules.dryRun.columns.${c}`);
  const columns: ColumnDef<FlaggedLink>[] = [
    { id: "at", header: col("at"), meta: { label: col("at"), className: "whitespace-nowrap tabular-nums" }, cell: ({ row }) => formatJst(row.original.at) },
    { id: "bank", header: col("bank"), meta: { label: col("bank") }, cell: ({ row }) => row.original.bankCode },
    {
      id: "holder",
      header: col("holder"),
      meta: { label: col("holder"), rowHeader: true },
      cell: ({ row }) => (
        <a href={`/accounts/${row.original.linkId}`} className="underline-offset-2 hover:underline">
          {row.original.holderNameKana}
        </a>
      ),
    },
    { id: "account", header: col("account"), meta: { label: col("account"), className: "font-mono" }, cell: ({ row }) => row.original.accountMasked },
    { id: "wallet", header: col("wallet"), meta: { label: col("wallet"), className: "font-mono text-xs" }, cell: ({ row }) => row.original.walletId },
    {
      id: "kind",
      header: col("kind"),
      meta: { label: col("kind") },
      cell: ({ row }) => (
        <Badge variant={row.original.knownFraud ? "destructive" : "secondary"}>{row.original.knownFraud ? t("cases.rules.dryRun.knownFraud") : t("cases.rules.dryRun.ordinary")}</Badge>
      ),
    },
  ];
  return (
    <div className="space-y-2" data-testid="dry-run-result">
      <p className="font-medium" data-testid="dry-run-summary">
        {t("cases.rules.dryRun.summary", { cases: result.cases, fraud: result.knownFraud, fraudTotal: result.fraudLinksInPeriod, ordinary: result.ordinary })}
      </p>
      <p className="text-xs text-slate-600">{t("cases.rules.dryRun.took", { hits: result.hits, ms: result.tookMs })}</p>
      <DataTable
        tableId="rules-dry-run"
        columns={columns}
        data={result.links}
        caption={t("cases.rules.dryRun.caption", { count: result.links.length })}
        getRowId={(l) => l.linkId}
        pinned={["at"]}
        empty={t("cases.rules.dryRun.empty")}
        maxHeight="max-h-96"
      />
    </div>
  );
}
