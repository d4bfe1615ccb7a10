"use client";
import { ChevronDownIcon } from "lucide-react";
import { useLocale } from "next-intl";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DateInput } from "@/components/ui/date-input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { BankRef } from "@/lib/analytics/schemas";
import { PRESETS, type PageFilters, type Preset } from "@/lib/analytics/period";
import { useT } from "@/lib/i18n/client";
import { incidentTitle } from "@/lib/incidents/title";

const ALL = "__all__";

/** Period (presets or custom Japan days), banks (the carrier's), incident: each change goes to the URL. */
export function FilterBar({ filters, onChange, options, carrier }: { filters: PageFilters; onChange: (f: PageFilters) => void; options: { banks: BankRef[]; incidents: { id: string; reference: string; title: string }[] }; carrier: boolean }) {
  const t = useT();
  const locale = useLocale();
  const name = (b: BankRef) => (locale === "ja" ? b.nameJa : b.nameEn);
  const chosenIncident = filters.incident ? options.incidents.find((i) => i.reference === filters.incident) : undefined;
  const incidentLabel = !filters.incident ? t("analytics.filters.allIncidents") : chosenIncident ? `${chosenIncident.reference} ${incidentTitle(chosenIncident.title, locale)}` : filters.incident;
  const toggle = (code: string, on: boolean) => onChange({ ...filters, banks: on ? [...filters.banks, code].sort() : filters.banks.filter((c) => c !== code) });
  return (
    <section aria-label={t("analytics.filters.label")} className="flex flex-wrap items-end gap-3 rounded-lg border bg-white p-3" data-testid="analytics-filters">
      <div className="space-y-1">
        <Label htmlFor="analytics-period">{t("analytics.filters.period")}</Label>
        <Select value={filters.period} onValueChange={(v) => onChange({ ...filters, period: v as Preset, ...(v === "custom" ? {} : { from: null, to: null }) })}>
          <SelectTrigger id="analytics-period" className="min-w-40">
            {/* Named here, not left to Radix: its own text appears only once the page has hydrated. */}
            <SelectValue>{t(`analytics.filters.presets.${filters.period}`)}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            {PRESETS.map((p) => (
              <SelectItem key={p} value={p}>
                {t(`analytics.filters.presets.${p}`)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {filters.period === "custom" ? (
        <form
          key={`${filters.from}-${filters.to}`}
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const day = (k: string) => {
              const v = String(data.get(k) ?? "");
              return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
            };
            onChange({ ...filters, from: day("from"), to: day("to") });
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="analytics-from">{t("analytics.filters.from")}</Label>
            <DateInput id="analytics-from" name="from" defaultValue={filters.from ?? ""} className="w-32" />
          </div>
          <div className="space-y-1">
            <Label htmlFor="analytics-to">{t("analytics.filters.to")}</Label>
            <DateInput id="analytics-to" name="to" defaultValue={filters.to ?? ""} className="w-32" />
          </div>
          <Button type="submit" variant="outline">
            {t("analytics.filters.apply")}
          </Button>
        </form>
      ) : null}
      {carrier ? (
        <div className="space-y-1">
          <Label htmlFor="analytics-banks">{t("analytics.filters.banks")}</Label>
          <Popover>
            <PopoverTrigger asChild>
              <Button id="analytics-banks" variant="outline" className="min-w-40 justify-between font-normal">
                {filters.banks.length === 0 ? t("analytics.filters.allBanks") : filters.banks.length === 1 ? name(options.banks.find((b) => b.code === filters.banks[0]) ?? { code: "", nameJa: filters.banks[0]!, nameEn: filters.banks[0]! }) : t("analytics.filters.someBanks", { count: filters.banks.length })}
                <ChevronDownIcon aria-hidden className="size-4 opacity-60" />
              </Button>
            </PopoverTrigger>
            <PopoverContent align="start" className="max-h-96 w-72 overflow-y-auto p-2">
              <Button type="button" variant="ghost" size="sm" className="mb-1 w-full justify-start" onClick={() => onChange({ ...filters, banks: [] })}>
                {t("analytics.filters.clearBanks")}
              </Button>
              <ul className="space-y-1">
                {options.banks.map((b) => (
                  <li key={b.code} className="flex items-center gap-2 text-sm">
                    <Checkbox id={`bank-${b.code}`} checked={filters.banks.includes(b.code)} onCheckedChange={(v) => toggle(b.code, v === true)} />
                    <Label htmlFor={`bank-${b.code}`} className="font-normal">
                      {name(b)} <span className="text-xs text-slate-600 tabular-nums">{b.code}</span>
                    </Label>
                  </li>
                ))}
              </ul>
            </PopoverContent>
          </Popover>
        </div>
      ) : null}
      <div className="space-y-1">
        <Label htmlFor="analytics-incident">{t("analytics.filters.incident")}</Label>
        <Select value={filters.incident ?? ALL} onValueChange={(v) => onChange({ ...filters, incident: v === ALL ? null : v })}>
          <SelectTrigger id="analytics-incident" className="min-w-48">
            <SelectValue>{incidentLabel}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>{t("analytics.filters.allIncidents")}</SelectItem>
            {options.incidents.map((i) => (
              <SelectItem key={i.id} value={i.reference}>
                {i.reference} {incidentTitle(i.title, locale)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <p className="text-xs text-slate-600">{t("analytics.filters.period_note")}</p>
    </section>
  );
}
