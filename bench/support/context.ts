import type { DatabaseHandle } from "@/db";
import type { LoadOptions, LoadResult } from "./load";

/** One line of the bench table. `value` and `baseline` in `unit`; `ratio` is value / baseline. */
export interface BenchRow {
  bench: string;
  metric: string;
  value: number | null;
  unit: string;
  /** The same thing measured in the same run by the simplest possible means (the floor). */
  baseline?: number | null;
  /** value / baseline, unless given: the decision bench gives the median of ratios measured in pairs. */
  ratio?: number;
  /** What we aim for, in words ("≥ 15,000 req/s", "≤ 5 ms"). */
  target?: string;
  /** Whether the target is met (null: no target, or not measurable). */
  met?: boolean | null;
  note?: string;
}

/** What each bench gets from bench/run.ts (bench/accounts.ts: `export async function benchAccounts(ctx: BenchContext): Promise<BenchRow[]>`). */
export interface BenchContext {
  /** The app under test: the production server against the bench database, e.g. http://127.0.0.1:3917 */
  baseUrl: string;
  /** Its process id (the decision bench moves it to the servers' core while it runs). */
  serverPid: number;
  /** The bench database (1M links, 10M transactions), already migrated and seeded. */
  databaseUrl: string;
  /** An open handle on it (node-postgres pool), also installed as the process-wide database. */
  db: DatabaseHandle;
  /** The demo wallet-platform key (scopes decisions, events). */
  apiKey: string;
  /** Runs a closed-loop HTTP load (wrk when installed, else a Node generator in its own process). */
  load(opts: LoadOptions): Promise<LoadResult>;
  /** Signs a demo staff member in over HTTP (password + current TOTP) and returns the Cookie header. */
  staffCookie(email: string): Promise<string>;
  log(line: string): void;
}
