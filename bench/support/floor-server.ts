/**
 * The floor of the decision bench: a bare Node HTTP server answering the same question from an
 * in-memory map, with the same rule (lib/decisions/decide.ts) and the same answer shape, and
 * nothing else (no framework, no schema library, no logging). Run in its own process, bundled as
 * the API server is (bench/support/server.ts startHelper → scripts/bundle.mjs), with the
 * arguments <database url> <api key>; prints {"port": n} when listening.
 */
import http from "node:http";
import pg from "pg";
import { decide } from "@/lib/decisions/decide";
import type { BankControlsEntry, SnapshotView } from "@/lib/controls/snapshot";

const [databaseUrl, apiKey] = process.argv.slice(2) as [string, string];
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const { rows } = await client.query<{ id: string; code: string; control: "registrations" | "charges"; state: BankControlsEntry["charges"]; version: string }>(
  `select o.id, o.bank_code as code, c.control, c.state, c.version from organisations o join bank_controls c on c.bank_id = o.id where o.kind = 'bank'`,
);
await client.end();

const banks = new Map<string, BankControlsEntry>();
for (const r of rows) {
  const e = banks.get(r.code) ?? { bankId: r.id, bankCode: r.code, registrations: "open", registrationsVersion: 0, charges: "open", chargesVersion: 0, version: 0 };
  if (r.control === "registrations") [e.registrations, e.registrationsVersion] = [r.state, Number(r.version)];
  else [e.charges, e.chargesVersion] = [r.state, Number(r.version)];
  e.version = Math.max(e.registrationsVersion, e.chargesVersion);
  banks.set(r.code, e);
}
const view: SnapshotView = { snapshot: { banks, maxVersion: Math.max(0, ...[...banks.values()].map((b) => b.version)), loadedAt: Date.now() }, fresh: true, ageMs: 0 };
const keys = new Set([`Bearer ${apiKey}`]);

const server = http.createServer((req, res) => {
  if (!keys.has(req.headers.authorization ?? "")) return void res.writeHead(401).end();
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const q = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { operation: "link" | "charge"; bankCode: string; verification: "pin_only" };
      const r = decide(view, q);
      // Every answer with its length, as the API server answers: without it Node sends the body chunked.
      if (r.kind === "unknown_bank") return void res.writeHead(422, { "content-type": "application/problem+json", "content-length": 14 }).end('{"status":422}');
      const body = JSON.stringify({ decision: r.decision, reason: r.reason, controlVersion: r.controlVersion, decidedAt: r.decidedAt });
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
process.on("SIGTERM", () => process.exit(0));
