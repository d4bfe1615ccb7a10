"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { apiJson, sendJson } from "@/lib/api-client";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { RULE_MODES, type RuleMode } from "@/lib/rules/constants";
import { describeRule, RULES_QUERY_KEY } from "./text";
import type { RuleView, RulesResponse } from "./types";

// The parameters form and the dry run (react-hook-form, the resolver, zod) load when opened.
const ParamsPanel = dynamic(() => import("./params-panel").then((m) => m.ParamsPanel), { ssr: false });

const MODE_BADGE: Record<RuleMode, "success" | "info" | "secondary"> = { on: "success", shadow: "info", off: "secondary" };

/** The rules: each in words with its mode, last week's hits and, for the carrier's managers, the mode switch, parameters and dry run. */
export function RulesBoard({ initialData, carrier, sla }: { initialData?: RulesResponse; carrier: boolean; sla: ReactNode }) {
  const t = useT();
  const query = useQuery({ queryKey: RULES_QUERY_KEY, queryFn: () => apiJson<RulesResponse>("/api/v1/rules"), initialData });
  if (query.isPending) return <p className="text-sm text-slate-600">{t("cases.rules.loading")}</p>;
  if (query.isError) return <LoadFailed message={t("cases.rules.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />;
  const { items, canManage } = query.data;
  return (
    <div className="space-y-4">
      {canManage ? null : <Notice>{t("cases.rules.readOnly")}</Notice>}
      <div className="grid gap-4 xl:grid-cols-2">
        {items.map((rule) => (
          <RuleCard key={rule.code} rule={rule} canManage={canManage} carrier={carrier} />
        ))}
      </div>
      {sla}
    </div>
  );
}

function RuleCard({ rule, canManage, carrier }: { rule: RuleView; canManage: boolean; carrier: boolean }) {
  const t = useT();
  const name = t(`cases.rules.names.${rule.code}`);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const change = useApiMutation({
    mutationFn: (mode: RuleMode) => sendJson<{ mode: RuleMode }>(`/api/v1/rules/${rule.code}`, "PATCH", { version: rule.version, mode }),
    invalidate: [RULES_QUERY_KEY],
    success: (r) => t("cases.rules.changed", { name, mode: t(`cases.rules.mode.${r.mode}`) }),
    onSuccess: () => setConfirming(false),
  });
  const hits = rule.hits7d;
  return (
    <Card data-testid={`rule-${rule.code}`} aria-labelledby={`rule-${rule.code}-title`}>
      <CardHeader>
        <CardTitle id={`rule-${rule.code}-title`} className="flex flex-wrap items-center gap-2 text-base">
          {name}
          <Badge variant={MODE_BADGE[rule.mode]} data-testid="rule-mode">
            {t("cases.rules.mode.current", { mode: t(`cases.rules.mode.${rule.mode}`) })}
          </Badge>
        </CardTitle>
        <CardDescription className="text-sm text-slate-800">
          {describeRule(t, rule.code, rule.params)} {t("cases.rules.opensWith", { severity: t(`cases.severity.${rule.params.severity}`) })}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {canManage ? (
          <div role="group" aria-label={`${t("cases.rules.mode.label")}: ${name}`} className="flex flex-wrap gap-2">
            {RULE_MODES.map((mode) => (
              <Button
                key={mode}
                type="button"
                size="sm"
                variant={rule.mode === mode ? "default" : "outline"}
                aria-pressed={rule.mode === mode}
                disabled={change.isPending || rule.mode === mode}
                title={t(`cases.rules.mode.help.${mode}`)}
                onClick={() => (mode === "on" ? setConfirming(true) : change.mutate(mode))}
              >
                {t(`cases.rules.mode.${mode}`)}
              </Button>
            ))}
          </div>
        ) : null}
        <div>
          <h3 className="font-medium">{t("cases.rules.hits.title")}</h3>
          {hits.total === 0 ? (
            <p className="text-slate-600">{t("cases.rules.hits.none")}</p>
          ) : (
            <p data-testid="rule-hits">
              {t("cases.rules.hits.total", { count: hits.total })} — {t("cases.rules.hits.split", { on: hits.on, shadow: hits.shadow, cases: hits.casesOpened })}
              <span className="sr-only">: </span>
              <span className="ml-2 text-xs text-slate-600">{rule.hitsByDay.map((d) => `${d.day.slice(5)} ${d.count}`).join(" · ")}</span>
            </p>
          )}
        </div>
        <p className="text-xs text-slate-600">{rule.updatedAt ? t("cases.rules.lastChange", { at: formatJst(rule.updatedAt), who: rule.updatedBy ?? "—" }) : t("cases.rules.neverChanged")}</p>
        {canManage ? (
          <div className="space-y-3">
            <Button type="button" variant="outline" size="sm" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              {editing ? t("cases.rules.params.close") : t("cases.rules.params.edit")}
            </Button>
            {editing ? <ParamsPanel rule={rule} name={name} carrier={carrier} /> : null}
          </div>
        ) : null}
      </CardContent>
      <ConfirmAlert
        open={confirming}
        title={t("cases.rules.confirmOn.title", { name })}
        confirmLabel={t("cases.rules.confirmOn.confirm")}
        cancelLabel={t("cases.rules.confirmOn.cancel")}
        closeLabel={t("cases.rules.confirmOn.close")}
        busyLabel={t("cases.rules.confirmOn.busy")}
        destructive={false}
        busy={change.isPending}
        onConfirm={() => change.mutate("on")}
        onClose={() => setConfirming(false)}
      >
        <p>{t("cases.rules.confirmOn.body", { hits: hits.total })}</p>
      </ConfirmAlert>
    </Card>
  );
}
