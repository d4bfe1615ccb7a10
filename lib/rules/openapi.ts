import { z } from "zod";
import { defineRoute } from "@/lib/openapi/spec";
import { dryRunRequest, dryRunResult, ruleChangeRequest, ruleCode, rulesList } from "./schemas";

const codeParams = z.object({ code: ruleCode });

export const rulesRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/v1/rules",
    summary:
      "The detection rules (pin_then_charge, multi_bank_identity, cash_out, link_burst): mode (on, shadow, off), parameters, version, who changed them last, and their hits of the last 7 days (a bank's staff: their bank's); canManage says whether the caller may change them",
    tag: "rules",
    auth: "staff",
    permission: "rules.read",
    response: rulesList,
  }),
  change: defineRoute({
    method: "patch",
    path: "/api/v1/rules/{code}",
    params: codeParams,
    summary:
      "Change a rule's mode and/or parameters (the rule's whole parameter set), on the version read. Takes effect on the next ingested batch. The carrier's managers only; audited (rule.changed, before and after)",
    tag: "rules",
    auth: "staff",
    permission: "rules.manage",
    body: ruleChangeRequest,
    response: z.object({ code: ruleCode, mode: z.string(), params: z.record(z.string(), z.unknown()), version: z.number().int(), updatedAt: z.string() }),
    errors: { 409: { stale_version: "The rule changed since the version given: `current` is the rule as it is now; nothing was written" } },
  }),
  dryRun: defineRoute({
    method: "post",
    path: "/api/v1/rules/{code}/dry-run",
    params: codeParams,
    summary:
      "What the rule would have done over history with candidate parameters (default: its current ones) in a period of Japan-time days (default: all): cases it would have opened (one per link), how many of those links are the known fraud (confirmed-fraud cases) and how many ordinary, and the first 50 links. Writes nothing. The carrier's staff only",
    tag: "rules",
    auth: "staff",
    permission: "rules.read",
    body: dryRunRequest,
    response: dryRunResult,
  }),
};
