import "server-only";
import { sql } from "drizzle-orm";
import type pg from "pg";
import { getDatabase, type DatabaseHandle } from "@/db";
import type { ControlState } from "@/db/schema";
import { forgetApiKey, revalidateApiKeys } from "@/lib/auth/api-key";
import { log } from "@/lib/http/log";

/**
 * Every server process answers decisions from this in-memory copy of bank_controls, never from the
 * database. It is refreshed:
 *  - at once when a control changes: migration 0003 makes every bank_controls statement NOTIFY
 *    'linkguard_controls'; on PostgreSQL a dedicated connection LISTENs (bursts coalesce into at
 *    most one reload in flight plus one queued), on PGlite the instance's own listen();
 *  - as a safety net every LINKGUARD_CONTROLS_POLL_MS (default 1000): a cheap version check
 *    (max(version), row counts) that reloads when it differs.
 * "Fresh" means confirmed by a successful load or version check within LINKGUARD_CONTROLS_GRACE_MS
 * (default 3000). On PostgreSQL both run on the listening connection, so a lost listener stops the
 * confirmations too: after the grace period every decision is a deny (controls_unavailable) until
 * the connection is back (reconnected with backoff of at most half a second, then LISTEN, then a full
 * reload).
 * The same connection hears API-key revocations ('linkguard_api_keys', migration 0011) for the
 * key cache (lib/auth/api-key.ts); after a lost connection every cached key is looked up again.
 */

export interface BankControlsEntry {
  bankId: string;
  bankCode: string;
  registrations: ControlState;
  registrationsVersion: number;
  charges: ControlState;
  chargesVersion: number;
  /** The larger of the two control versions. */
  version: number;
}

export interface ControlSnapshot {
  /** By bank code. */
  banks: ReadonlyMap<string, BankControlsEntry>;
  /** The highest control version in the snapshot (0 when no control row exists). */
  maxVersion: number;
  /** Instant (epoch ms) the data was read. */
  loadedAt: number;
}

export interface SnapshotView {
  snapshot: ControlSnapshot | null;
  /** True when confirmed within the grace period. */
  fresh: boolean;
  /** Milliseconds since the last confirmation (Infinity when never). */
  ageMs: number;
}

export interface SnapshotOptions {
  graceMs?: number;
  pollMs?: number;
}

const CHANNEL = "linkguard_controls";
const KEYS_CHANNEL = "linkguard_api_keys";
/** At most this long between reconnection attempts: the decisions recover within it once the database is back. */
const MAX_BACKOFF_MS = 500;

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface Signature {
  maxVersion: number;
  controls: number;
  banks: number;
}

interface Row {
  bank_id: string;
  bank_code: string;
  control: "registrations" | "charges" | null;
  state: ControlState | null;
  version: number | string | null;
}

const LOAD_SQL = `select o.id as bank_id, o.bank_code, c.control, c.state, c.version
  from organisations o left join bank_controls c on c.bank_id = o.id
  where o.kind = 'bank' and o.bank_code is not null`;
const SIGNATURE_SQL = `select (select coalesce(max(version), 0) from bank_controls) as max_version,
  (select count(*) from bank_controls) as controls,
  (select count(*) from organisations where kind = 'bank') as banks`;

function build(rows: Row[], loadedAt: number): { snapshot: ControlSnapshot; signature: Signature } {
  const banks = new Map<string, BankControlsEntry>();
  let maxVersion = 0;
  let controls = 0;
  for (const r of rows) {
    let e = banks.get(r.bank_code);
    if (!e) {
      // A bank without a control row is open: the row's own default (the seed writes both rows).
      e = { bankId: r.bank_id, bankCode: r.bank_code, registrations: "open", registrationsVersion: 0, charges: "open", chargesVersion: 0, version: 0 };
      banks.set(r.bank_code, e);
    }
    if (!r.control || !r.state) continue;
    controls++;
    const version = Number(r.version ?? 0);
    if (r.control === "registrations") {
      e.registrations = r.state;
      e.registrationsVersion = version;
    } else {
      e.charges = r.state;
      e.chargesVersion = version;
    }
    e.version = Math.max(e.registrationsVersion, e.chargesVersion);
    maxVersion = Math.max(maxVersion, version);
  }
  return { snapshot: { banks, maxVersion, loadedAt }, signature: { maxVersion, controls, banks: banks.size } };
}

type Query = <T>(text: string) => Promise<T[]>;

class SnapshotKeeper {
  private snapshot: ControlSnapshot | null = null;
  private signature: Signature | null = null;
  /** performance.now() of the start of the last successful load or check. */
  private confirmedAt = -Infinity;
  private stopped = false;
  private reloading: Promise<void> | null = null;
  private reloadQueued = false;
  private checking = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private client: pg.Client | null = null;
  private everConnected = false;
  private unlisten: (() => Promise<void>) | null = null;
  readonly ready: Promise<void>;
  readonly graceMs: number;
  readonly pollMs: number;

  constructor(
    readonly handle: DatabaseHandle,
    opts: SnapshotOptions = {},
  ) {
    this.graceMs = opts.graceMs ?? envMs("LINKGUARD_CONTROLS_GRACE_MS", 3_000);
    this.pollMs = opts.pollMs ?? envMs("LINKGUARD_CONTROLS_POLL_MS", Math.min(1_000, this.graceMs / 3));
    this.ready = this.start();
  }

  view(): SnapshotView {
    const ageMs = performance.now() - this.confirmedAt;
    return { snapshot: this.snapshot, fresh: this.snapshot !== null && ageMs <= this.graceMs, ageMs };
  }

  private async start(): Promise<void> {
    this.pollTimer = setInterval(() => void this.check(), this.pollMs);
    this.pollTimer.unref();
    if (this.handle.driver === "postgres") await this.connect();
    else await this.listenPglite();
  }

  // ---- PGlite: the same instance delivers the trigger's NOTIFY on commit -------------------------

  private async listenPglite(): Promise<void> {
    try {
      const client = (this.handle.db as unknown as { $client: { listen(ch: string, cb: (payload: string) => void): Promise<() => Promise<void>> } }).$client;
      this.unlisten = await client.listen(CHANNEL, () => this.requestReload());
      const unlistenKeys = await client.listen(KEYS_CHANNEL, (payload) => forgetApiKey(payload || undefined));
      const unlistenControls = this.unlisten;
      this.unlisten = async () => {
        await unlistenControls();
        await unlistenKeys();
      };
    } catch (e) {
      log("warn", "controls snapshot: listen failed, relying on polling", { err: (e as Error).message });
    }
    await this.requestReload();
  }

  // ---- PostgreSQL: one dedicated connection LISTENs, checks and reloads --------------------------

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { default: pgModule } = await import("pg");
    const base = this.handle.pool?.options ?? {};
    const client = new pgModule.Client({
      ...(base as pg.ClientConfig),
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      keepAlive: true,
      application_name: "linkguard-controls-snapshot",
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners("notification");
      client.end().catch(() => undefined);
      log("warn", "controls snapshot: connection lost", { err: why });
      this.scheduleReconnect();
    };
    client.on("error", (e) => lost(e.message));
    client.on("end", () => lost("connection ended"));
    client.on("notification", (msg) => {
      if (msg.channel === KEYS_CHANNEL) forgetApiKey(msg.payload || undefined);
      else this.requestReload();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      await client.query(`listen ${KEYS_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners();
      client.on("error", () => undefined);
      client.end().catch(() => undefined);
      log("warn", "controls snapshot: cannot connect", { err: (e as Error).message, retryInMs: this.backoffMs });
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Revocations made while nobody listened here were missed: look every key up again.
    if (this.everConnected) revalidateApiKeys();
    this.everConnected = true;
    // Listening before loading: a change committed in between is either loaded or notified.
    await this.requestReload();
    if (this.client === client) this.backoffMs = 100;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private query(): Query | null {
    if (this.handle.driver === "postgres") {
      const client = this.client;
      if (!client) return null;
      return async <T>(text: string) => (await client.query(text)).rows as T[];
    }
    return async <T>(text: string) => ((await this.handle.db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows;
  }

  private failed(e: unknown, what: string): void {
    log("warn", `controls snapshot: ${what} failed`, { err: (e as Error).message });
    // A failing query on the dedicated connection: start over with a new one.
    if (this.handle.driver === "postgres" && this.client) {
      const c = this.client;
      this.client = null;
      c.removeAllListeners();
      c.on("error", () => undefined);
      c.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  // ---- Loading and checking ------------------------------------------------------------------------

  /** Coalesces bursts: one load in flight, at most one queued behind it. */
  requestReload(): Promise<void> {
    if (this.reloading) {
      this.reloadQueued = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadQueued = false;
        await this.load();
      } while (this.reloadQueued && !this.stopped);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const q = this.query();
    if (!q || this.stopped) return;
    const started = performance.now();
    try {
      const rows = await q<Row>(LOAD_SQL);
      const { snapshot, signature } = build(rows, Date.now());
      this.snapshot = snapshot;
      this.signature = signature;
      this.confirmedAt = started;
    } catch (e) {
      this.failed(e, "load");
    }
  }

  private async check(): Promise<void> {
    if (this.stopped || this.checking || this.reloading) return;
    const q = this.query();
    if (!q) return;
    this.checking = true;
    const started = performance.now();
    try {
      const [row] = await q<{ max_version: number | string; controls: number | string; banks: number | string }>(SIGNATURE_SQL);
      const now = { maxVersion: Number(row?.max_version ?? 0), controls: Number(row?.controls ?? 0), banks: Number(row?.banks ?? 0) };
      const known = this.signature;
      if (known && known.maxVersion === now.maxVersion && known.controls === now.controls && known.banks === now.banks) {
        this.confirmedAt = started;
      } else {
        void this.requestReload();
      }
    } catch (e) {
      this.failed(e, "version check");
    } finally {
      this.checking = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.pollTimer = this.reconnectTimer = null;
    await this.reloading?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
    }
    if (this.unlisten) await this.unlisten().catch(() => undefined);
    this.unlisten = null;
  }
}

// Route handlers and instrumentation are separate bundles in Next: the keeper lives on globalThis.
type GlobalWithKeeper = typeof globalThis & { __linkguardControls?: SnapshotKeeper };
const g = globalThis as GlobalWithKeeper;

/**
 * Starts keeping the snapshot for `handle` (default: the process-wide database) and waits for the
 * first load. Idempotent; a keeper bound to another handle (tests swapping databases) is replaced.
 */
export async function startControlSnapshot(handle?: DatabaseHandle, opts?: SnapshotOptions): Promise<void> {
  const h = handle ?? (await getDatabase());
  let keeper = g.__linkguardControls;
  if (!keeper || keeper.handle !== h) {
    if (keeper) void keeper.stop();
    keeper = new SnapshotKeeper(h, opts);
    g.__linkguardControls = keeper;
  }
  await keeper.ready;
}

/**
 * The current snapshot and whether it may be trusted. Starts the keeper on first use; the first
 * caller waits for the first load (at most the grace period), later callers never wait.
 */
export async function controlSnapshot(db?: DatabaseHandle): Promise<SnapshotView> {
  const handle = db ?? (await getDatabase());
  const keeper = g.__linkguardControls;
  if (keeper && keeper.handle === handle) return keeper.view();
  const starting = startControlSnapshot(handle);
  const k = g.__linkguardControls!;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([starting, new Promise<void>((resolve) => (timer = setTimeout(resolve, k.graceMs)))]);
  clearTimeout(timer);
  return k.view();
}

/** For the health check, without starting anything: undefined when this process keeps no snapshot. */
export function controlSnapshotHealth(): { loaded: boolean; fresh: boolean; ageMs: number; graceMs: number } | undefined {
  const keeper = g.__linkguardControls;
  if (!keeper) return undefined;
  const view = keeper.view();
  return { loaded: view.snapshot !== null, fresh: view.fresh, ageMs: view.ageMs, graceMs: keeper.graceMs };
}

/** The snapshot as it is now, without starting anything (null before the first load). */
export function getControlSnapshot(): ControlSnapshot | null {
  return g.__linkguardControls?.view().snapshot ?? null;
}

/** Asks for a reload now (tests, and the process that made a change and wants it at once). */
export async function reloadControlSnapshot(): Promise<void> {
  await g.__linkguardControls?.requestReload();
}

export async function stopControlSnapshot(): Promise<void> {
  const keeper = g.__linkguardControls;
  g.__linkguardControls = undefined;
  await keeper?.stop();
}
