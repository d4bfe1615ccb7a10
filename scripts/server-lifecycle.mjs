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
 * On SIGTERM or SIGINT: no new connections, requests in flight finish, the decision counters are
 * written (lib/decisions/runtime.ts listens for the same signals and leaves its promise on
 * globalThis), `close` runs, and the process exits; after 5 s it exits whatever is left.
 * @param {import("node:http").Server} server
 * @param {() => Promise<unknown>} [close]
 */
export function stopOnSignals(server, close = async () => undefined) {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close();
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5_000).unref();
      Promise.resolve(/** @type {{ __linkguardStopping?: Promise<unknown> }} */ (globalThis).__linkguardStopping)
        .catch(() => undefined)
        .then(close)
        .finally(() => process.exit(0));
    });
  }
}
