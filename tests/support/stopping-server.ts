// Child process for the graceful-stop tests: an HTTP server on the lifecycle both servers share
// (scripts/server-lifecycle.mjs), over the process-wide database (DATABASE_URL, else PGlite under
// LINKGUARD_DATA_DIR). GET /?ms=N waits N ms, then writes a row and answers the number of rows.
import http from "node:http";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { listen, stopOnSignals } from "@/scripts/server-lifecycle.mjs";

const handle = await getDatabase();
await handle.db.execute(sql`create table if not exists visits (at timestamptz not null default now())`);

const server = http.createServer((req, res) => {
  const ms = Number(new URL(req.url ?? "/", "http://localhost").searchParams.get("ms") ?? 0);
  setTimeout(async () => {
    await handle.db.execute(sql`insert into visits default values`);
    const r = (await handle.db.execute(sql`select count(*)::int as n from visits`)) as unknown as { rows: { n: number }[] };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(r.rows[0]));
  }, ms);
});
listen(server, { port: 0, hostname: "127.0.0.1" }, (url) => console.log(`ready on ${url}`));
stopOnSignals(server);
