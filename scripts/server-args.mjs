/**
 * The Node flags the production server (scripts/server.mjs) runs with, wherever it is started
 * (npm start, the e2e suite, the benchmarks; package.json's "serve" script repeats it).
 *
 * --max-semi-space-size=64: a larger young generation. The decision API allocates a little per
 * request and nearly all of it dies young; with V8's default (16 MB) the collector runs several
 * hundred times a second under load. Measured here at 50 connections, alternating runs: 5,703 →
 * 6,786 decisions/s (+19%, three each way), and 6,474 → 6,992 (+8%, three each way, another hour).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=64"];
