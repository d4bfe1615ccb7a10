/**
 * What the two servers share around their requests: the console's (scripts/server.mjs) and the
 * wallet platform's API server (scripts/api-server.ts). Plain JavaScript, so the console's server,
 * which runs outside any bundler, can import it.
 */

/**
 * -p/--port (else `defaultPort`) and -H/--hostname (else 0.0.0.0) from the command line.
 * @param {string | number} defaultPort
 * @returns {{ port: number; hostname: string }}
 */
export function serverAddress(defaultPort) {
  const args = process.argv.slice(2);
  const arg = (short, long) => {
    const i = args.findIndex((a) => a === short || a === long);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return { port: Number(arg("-p", "--port") ?? defaultPort), hostname: arg("-H", "--hostname") ?? "0.0.0.0" };
}

/**
 * Keep-alive longer than a load balancer's idle timeout (so it never reuses a connection the
 * server closed), then listen; `ready` gets the address to print.
 * @param {import("node:http").Server} server
 * @param {{ port: number; hostname: string }} address
 * @param {(url: string) => void} ready
 */
export function listen(server, { port, hostname }, ready) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, hostname, () => {
    const { port: listening } = /** @type {import("node:net").AddressInfo} */ (server.address());
    ready(`http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${listening}`);
  });
}

/**
 * A graceful stop on SIGTERM or SIGINT, for both servers:
 *  1. no new connections; requests in flight finish (keep-alive connections are closed as soon as
 *     they are idle; any still running after LINKGUARD_STOP_GRACE_MS, default 10 s, are cut);
 *  2. the decision counters are written (lib/decisions/runtime.ts listens for the same signals and
 *     leaves its promise on globalThis) and `close` runs (the console: Next);
 *  3. the process-wide database is closed (db/index.ts leaves it on globalThis): PGlite writes its
 *     shutdown checkpoint and releases its folder, so the next start needs no crash recovery; on
 *     PostgreSQL the pool ends its connections;
 *  4. the process exits 0; 1 if closing failed, or if all this is not done 5 s after the grace.
 * @param {import("node:http").Server} server
 * @param {() => Promise<unknown>} [close]
 */
export function stopOnSignals(server, close = async () => undefined) {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stopGracefully(server, close, signal);
    });
  }
}

/**
 * @param {import("node:http").Server} server
 * @param {() => Promise<unknown>} close
 * @param {string} signal
 */
async function stopGracefully(server, close, signal) {
  const grace = Number(process.env.LINKGUARD_STOP_GRACE_MS ?? 10_000);
  setTimeout(() => {
    stopLog("error", "graceful stop did not finish in time: exiting without it", { signal });
    process.exit(1);
  }, grace + 5_000).unref();
  const drained = new Promise((resolve) => server.close(() => resolve(undefined)));
  server.closeIdleConnections();
  // A keep-alive connection whose request finishes becomes idle: close it then, not after its timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 25);
  const cut = setTimeout(() => server.closeAllConnections(), grace);
  await drained;
  clearInterval(idle);
  clearTimeout(cut);
  let code = 0;
  const g = /** @type {{ __linkguardStopping?: Promise<unknown>; __linkguardDb?: Promise<{ close(): Promise<void> }> }} */ (globalThis);
  await Promise.resolve(g.__linkguardStopping).catch(() => undefined);
  await Promise.resolve()
    .then(close)
    .catch((/** @type {Error} */ e) => stopLog("error", "graceful stop: closing the server failed", { err: e.message }));
  if (g.__linkguardDb) {
    try {
      await (await g.__linkguardDb).close();
    } catch (e) {
      code = 1;
      stopLog("error", "graceful stop: closing the database failed", { err: /** @type {Error} */ (e).message });
    }
  }
  stopLog("info", "stopped", { signal });
  process.exit(code);
}

/**
 * lib/http/log.ts's line, for this plain-JavaScript module.
 * @param {"info" | "error"} level
 * @param {string} msg
 * @param {Record<string, unknown>} fields
 */
function stopLog(level, msg, fields) {
  if (process.env.LINKGUARD_LOG === "silent") return;
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  (level === "error" ? process.stderr : process.stdout).write(line);
}
