import { defineRoute } from "@/lib/openapi/spec";
import { analyticsQuery, caseFlow, decisionsPerDay, linksByVerification, lossByBank, lossOverTime, regulatorTable, spendingByCategory, summaryResponse } from "./schemas";

const SCOPE =
  " A bank's staff see their own bank and the average of all banks (per bank), never another bank's name or figure. Read from the daily rollups (Japan-time days), never from the transactions. A filter refused answers 422 invalid with field codes unknown_bank, unknown_incident, to_before_from";
const chart = (path: string, summary: string, response: typeof lossOverTime | typeof lossByBank | typeof spendingByCategory | typeof linksByVerification | typeof caseFlow | typeof decisionsPerDay | typeof regulatorTable) =>
  defineRoute({
    method: "get",
    path: `/api/v1/analytics/${path}`,
    summary: summary + "." + SCOPE,
    tag: "analytics",
    auth: "staff",
    permission: "analytics.read",
    query: analyticsQuery,
    response,
  });

export const analyticsRoutes = {
  summary: defineRoute({
    method: "get",
    path: "/api/v1/analytics/summary",
    summary:
      "Headline figures for a period of Japan days (from, to), banks and an incident: total confirmed loss, confirmed cases, banks affected (of all banks), compensated (yen, cases, share of decided), pending, refused, outstanding, attempts blocked by the decision API; with the banks and incidents the filters may name." +
      SCOPE,
    tag: "analytics",
    auth: "staff",
    permission: "analytics.read",
    query: analyticsQuery,
    response: summaryResponse,
  }),
  lossOverTime: chart("loss-over-time", "Cumulative confirmed loss by the day cases were opened, with the control changes of the banks in view as markers", lossOverTime),
  lossByBank: chart("loss-by-bank", "Confirmed loss per bank, split into compensated, pending (not yet decided) and outstanding (decided, not paid back), largest first", lossByBank),
  spendingByCategory: chart("spending-by-category", "Fraudulent spending (payments marked fraudulent on confirmed-fraud cases) per merchant category", spendingByCategory),
  linksByVerification: chart("links-by-verification", "New links per day by verification method (with an incident: the links of its banks over its period)", linksByVerification),
  caseFlow: chart("case-flow", "Cases opened and closed per week (Monday), open cases by age band (0–2, 3–10, 11–30, 31+ days), SLA kept and breached", caseFlow),
  decisions: chart("decisions", "Decisions per day by operation and outcome, and allowed and denied per bank (with an incident: those of its banks over its period)", decisionsPerDay),
  regulator: chart("regulator", "The regulator's table: per bank and quarter of withdrawal (of each case's first fraudulent withdrawal: its earliest charge marked fraudulent; the period filters that day too), confirmed cases and losses, compensated, refused, under investigation, and the compensation rate", regulatorTable),
};
