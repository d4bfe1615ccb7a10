/**
 * The command palette's search at the bench's size (1 million links and wallets): the wall time
 * of lib/search's search() per query shape, for the carrier and for one bank's staff, median and
 * p95 of N runs after a warm-up (every group's statements, round trips included).
 *   BENCH_DATABASE_URL=postgresql://… npx tsx --conditions react-server bench/search.ts
 */
import { sql } from "drizzle-orm";
import { openDatabase, setDatabase } from "@/db";
import { searchQuery } from "@/lib/search/schemas";
import { search } from "@/lib/search/service";
import { benchActor } from "./support/actor";

const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 30);
const url = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/linkguard_bench";

const handle = await openDatabase({ url });
setDatabase(handle);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;
const [bank] = await rows<{ id: string }>(sql`select id::text as id from organisations where bank_code = '0101'`);
const [sample] = await rows<{ wallet_id: string; email: string; link: string; holder: string }>(
  sql`select w.id as wallet_id, w.email, la.id::text as link, la.holder_name_kana as holder from linked_accounts la join wallets w on w.id = la.wallet_id where la.bank_id = ${bank!.id} order by la.linked_at desc limit 1`,
);
const family = sample!.holder.split(/[\s\u3000]/)[0]!;
const shapes: [string, string][] = [
  ["e-mail, exact", sample!.email],
  ["e-mail, prefix of 5", sample!.email.slice(0, 5)],
  ["wallet id, exact", sample!.wallet_id],
  ["wallet id, common prefix (wlt_)", "wlt_"],
  ["holder, family name (half-width)", family.normalize("NFKC").replace(/./g, (c) => c)],
  ["last four digits", "1234"],
  ["link id", sample!.link],
  ["bank code", "0108"],
  ["bank name", "北星"],
];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
console.log("| query | who | median ms | p95 ms | wallets | links | banks |\n| --- | --- | --- | --- | --- | --- | --- |");
for (const [name, q] of shapes) {
  for (const [who, a] of [["carrier", benchActor(null)], ["bank 0101", benchActor(bank!.id)]] as const) {
    const input = searchQuery.parse({ q });
    let last = await search(a, input);
    for (let i = 0; i < 3; i++) await search(a, input);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      last = await search(a, input);
      times.push(performance.now() - t0);
    }
    console.log(`| ${name} | ${who} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${last.wallets.length} | ${last.links.length} | ${last.banks.length} |`);
  }
}
await handle.close();
