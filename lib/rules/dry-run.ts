import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { queryRows } from "@/lib/accounts/rows";
import { Forbidden } from "@/lib/errors";
import { fromJst } from "@/lib/jst";
import { loadRules } from "./config";
import { DRY_RUN_LIST, type RuleCode } from "./constants";
import { detect } from "./detect";
import { checkParams } from "./manage";
import type { DryRunResult } from "./schemas";

const DAY = 86_400_000;

/**
 * What a rule would have done over history: the same detection query the ingestion runs, over
 * every event in the period (Japan-time days, both included; default all of it), with candidate
 * parameters (default: the rule's current ones). One case per flagged link; how many of those
 * links are the known fraud (links of cases closed as confirmed fraud) and how many ordinary; the
 * first 50 links, newest first. In a read-only transaction: nothing is written. The carrier's
 * (it looks across every bank).
 */
export async function dryRun(actor: Actor, code: RuleCode, body: { params?: Record<string, unknown>; from?: string; to?: string }): Promise<DryRunResult> {
  assertCan(actor, "rules.read");
  if (actor.bankId !== null) throw new Forbidden("The dry run looks across every bank: the carrier's staff only.");
  const db = await getDb();
  const started = performance.now();
  const from = body.from ? fromJst(body.from) : null;
  const to = body.to ? new Date(fromJst(body.to).getTime() + DAY) : null;
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    // Over all history of a large database a rule's query may take longer than a request's usual limit.
    await tx.execute(sql`set local statement_timeout = '120s'`);
    const params = body.params === undefined ? (await loadRules(tx)).find((r) => r.code === code)!.params : checkParams(code, body.params);
    const matches = await detect(tx, code, params as never, { kind: "history", from, to });
    // One case per link: its first match.
    const first = new Map<string, Date>();
    for (const m of matches) {
      const seen = first.get(m.linkId);
      if (!seen || m.at < seen) first.set(m.linkId, m.at);
    }
    const ids = [...first.keys()];
    const known = new Set(
      (
        await queryRows<{ id: string }>(
          tx,
          sql`select distinct c.linked_account_id::text as id from cases c where c.outcome = 'confirmed_fraud' and c.linked_account_id = any(${sql.param(ids)}::uuid[])`,
        )
      ).map((r) => r.id),
    );
    const period = [from ? sql`la.linked_at >= ${from.toISOString()}::timestamptz` : sql`true`, to ? sql`la.linked_at < ${to.toISOString()}::timestamptz` : sql`true`];
    const [fraud] = await queryRows<{ n: string | number }>(
      tx,
      sql`select count(distinct c.linked_account_id) as n from cases c join linked_accounts la on la.id = c.linked_account_id
        where c.outcome = 'confirmed_fraud' and ${sql.join(period, sql` and `)}`,
    );
    const newest = [...first].sort((a, b) => b[1].getTime() - a[1].getTime() || (a[0] < b[0] ? -1 : 1)).slice(0, DRY_RUN_LIST);
    const details = new Map(
      (
        await queryRows<{ id: string; bank_code: string; holder: string; last4: string; wallet_id: string }>(
          tx,
          sql`select la.id::text as id, o.bank_code, la.holder_name_kana as holder, la.account_last4 as last4, la.wallet_id
            from linked_accounts la join organisations o on o.id = la.bank_id where la.id = any(${sql.param(newest.map(([id]) => id))}::uuid[])`,
        )
      ).map((r) => [r.id, r]),
    );
    return {
      code,
      params,
      from: body.from ?? null,
      to: body.to ?? null,
      cases: ids.length,
      hits: matches.length,
      knownFraud: known.size,
      ordinary: ids.length - known.size,
      fraudLinksInPeriod: Number(fraud?.n ?? 0),
      links: newest.map(([id, at]) => {
        const d = details.get(id);
        return {
          linkId: id,
          bankCode: d?.bank_code ?? "",
          holderNameKana: d?.holder ?? "",
          accountMasked: `****${d?.last4 ?? ""}`,
          walletId: d?.wallet_id ?? "",
          at: at.toISOString(),
          knownFraud: known.has(id),
        };
      }),
      tookMs: Math.round(performance.now() - started),
    };
  });
}
