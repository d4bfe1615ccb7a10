/**
 * A stand-in server process for multi-process tests (run with `tsx --conditions react-server`):
 * opens the database from DATABASE_URL like the app does, keeps the control snapshot, and answers
 *   POST /decide   {question}                       → the decision (as a carrier service key would get)
 *   POST /tighten  {userId, bankCode, control, toState} → lib/controls tighten() as that bank operator
 * on a local port it prints as one JSON line {"port": n}. SIGTERM stops it cleanly.
 */
import http from "node:http";
import { eq } from "drizzle-orm";
import { getDatabase } from "@/db";
import { organisations, users } from "@/db/schema";
import { actorOrg, type ServiceActor, type StaffActor } from "@/lib/auth/actor";
import { startControlSnapshot, stopControlSnapshot } from "@/lib/controls/snapshot";
import { tighten } from "@/lib/controls/service";
import { stopDecisionCounters } from "@/lib/decisions/counters";
import { answerDecision } from "@/lib/decisions/service";
import { decisionQuestion } from "@/lib/decisions/schemas";

const request = { requestId: "test-process", ip: null };
const service: ServiceActor = {
  kind: "service",
  apiKeyId: "00000000-0000-4000-8000-000000000000",
  keyName: "test process",
  scopes: ["decisions"],
  orgId: "00000000-0000-4000-8000-000000000000",
  orgKind: "carrier",
  bankId: null,
  bankCode: null,
  orgNameJa: "キャリア",
  orgNameEn: "Carrier",
  request,
};

async function staff(userId: string): Promise<StaffActor> {
  const db = (await getDatabase()).db;
  const [row] = await db.select({ u: users, o: organisations }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(eq(users.id, userId));
  if (!row) throw new Error("no such user");
  return {
    kind: "staff",
    userId,
    sessionId: "00000000-0000-4000-8000-000000000001",
    email: row.u.email,
    displayName: row.u.displayName,
    roles: row.u.roles,
    ...actorOrg(row.o),
    request,
  };
}

async function body(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

await startControlSnapshot();
const server = http.createServer(async (req, res) => {
  try {
    const input = (await body(req)) as Record<string, string>;
    let out: unknown;
    if (req.url === "/decide") out = await answerDecision(service, decisionQuestion.parse(input));
    else if (req.url === "/tighten")
      out = await tighten(await staff(input.userId!), input.bankCode!, {
        control: input.control as "charges",
        toState: input.toState as "suspended",
        reason: "Tightened by the multi-process test",
        confirmBankCode: input.bankCode!,
      });
    else throw new Error(`unknown path ${req.url}`);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
  } catch (e) {
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: (e as Error).message }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on("SIGTERM", async () => {
  server.close();
  await stopDecisionCounters().catch(() => undefined);
  await stopControlSnapshot();
  await (await getDatabase()).close().catch(() => undefined);
  process.exit(0);
});
