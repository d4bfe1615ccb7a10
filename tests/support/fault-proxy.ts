import net from "node:net";

/**
 * A TCP proxy between the servers under test and PostgreSQL that fails the way networks and
 * databases do. It listens on a free port (port 0) of 127.0.0.1; point DATABASE_URL at `url()`.
 *
 *  - pass:      forwards both ways (the database is there);
 *  - refuse:    stops listening (new connections: ECONNREFUSED) and drops every live connection,
 *               as a database that is down;
 *  - blackhole: accepts connections and never forwards a byte either way, on new and live
 *               connections alike, as a network that silently drops packets;
 *  - cut:       forwards a connection's start-up, then destroys it as soon as the database answers a
 *               query (mid-query, the statement sent), and drops every live connection at once;
 *  - slow:      forwards, each chunk `delayMs` late.
 * Back to `pass`, connections that lost bytes in a black hole are dropped (they cannot resume).
 */
export type FaultMode = "pass" | "refuse" | "blackhole" | "cut" | "slow";

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Chunks the client sent (the first is the start-up message). */
  fromClient: number;
  /** Lost bytes in a black hole: cannot be resumed. */
  damaged: boolean;
  /** Per destination: when the last delayed chunk is written (later chunks keep their order). */
  due: Map<net.Socket, number>;
}

export class FaultProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<Pair>();
  private mode: FaultMode = "pass";
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly delayMs = 400,
  ) {}

  /** The URL of `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.host = `127.0.0.1:${this.port}`;
    return u.toString();
  }

  get current(): FaultMode {
    return this.mode;
  }

  async listen(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  async set(mode: FaultMode): Promise<void> {
    const was = this.mode;
    this.mode = mode;
    if (mode === "refuse") {
      this.dropAll();
      const s = this.server;
      this.server = null;
      if (s) await new Promise<void>((r) => s.close(() => r()));
      return;
    }
    if (!this.server) await this.listen();
    if (mode === "cut") this.dropAll();
    if (was === "blackhole" && mode !== "blackhole") for (const p of this.pairs) if (p.damaged) this.drop(p);
  }

  async close(): Promise<void> {
    await this.set("refuse");
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target);
    const pair: Pair = { client, upstream, fromClient: 0, damaged: false, due: new Map() };
    this.pairs.add(pair);
    for (const s of [client, upstream]) {
      s.on("error", () => undefined);
      s.on("close", () => this.drop(pair));
    }
    client.on("data", (chunk: Buffer) => {
      pair.fromClient++;
      this.forward(pair, chunk, upstream);
    });
    upstream.on("data", (chunk: Buffer) => {
      // Cut: the start-up's answer passes; the first answer to a query never arrives.
      if (this.mode === "cut" && pair.fromClient > 1) return this.drop(pair);
      this.forward(pair, chunk, client);
    });
  }

  private forward(pair: Pair, chunk: Buffer, to: net.Socket): void {
    switch (this.mode) {
      case "blackhole":
        pair.damaged = true;
        return;
      case "refuse":
        return this.drop(pair);
      default: {
        const now = Date.now();
        const at = Math.max(now + (this.mode === "slow" ? this.delayMs : 0), pair.due.get(to) ?? 0);
        if (at <= now) {
          if (to.writable) to.write(chunk);
          return;
        }
        pair.due.set(to, at);
        setTimeout(() => to.writable && to.write(chunk), at - now);
      }
    }
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }

  private dropAll(): void {
    for (const p of [...this.pairs]) this.drop(p);
  }
}
