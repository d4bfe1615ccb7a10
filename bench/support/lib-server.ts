/**
 * The decision path WITHOUT Next: a bare Node HTTP server that runs exactly the app's own code for
 * POST /api/v1/decisions (API-key lookup with its cache, the zod schema, answerDecision over the
 * live control snapshot, the counters) and answers the same JSON. It tells apart the cost of our
 * code from the cost of Next's request handling. Run in its own process:
 *   tsx --conditions react-server bench/support/lib-server.ts   (DATABASE_URL set)
 * prints {"port": n} when listening.
 */
import http from "node:http";
import { getDb } from "@/db";
import { loadApiKeyActor } from "@/lib/auth/api-key";
import { startControlSnapshot } from "@/lib/controls/snapshot";
import { answerDecision } from "@/lib/decisions/service";
import { decisionQuestion } from "@/lib/decisions/schemas";

process.env.LINKGUARD_LOG ??= "silent";
await startControlSnapshot();
const db = await getDb();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      const actor = m ? await loadApiKeyActor(db, m[1]!, { requestId: "bench", ip: null }) : null;
      if (!actor || !actor.scopes.includes("decisions")) return void res.writeHead(401).end();
      const parsed = decisionQuestion.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      if (!parsed.success) return void res.writeHead(422).end();
      const body = JSON.stringify(await answerDecision(actor, parsed.data));
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
process.on("SIGTERM", () => process.exit(0));
