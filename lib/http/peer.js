/**
 * The socket's address, handed from the Node HTTP server to whatever answers the request (Next's
 * route handlers and Auth.js see a Web Request, without the socket). Plain JavaScript so the
 * production server (scripts/server.mjs) can import it.
 *
 * The servers call markPeer on every request before anything reads it: it replaces any copy the
 * client sent. The value carries a random token of this process (on globalThis, so Next's bundled
 * copy of this module and the server's share it): a header a client wrote, or one that reached a
 * host that never called markPeer (`next dev`), is not believed. lib/auth/client-address.ts is
 * the one reader.
 */
import crypto from "node:crypto";

export const PEER_HEADER = "x-linkguard-peer";

/** @type {typeof globalThis & { __linkguardPeerToken?: string }} */
const g = globalThis;

/** @returns {string} */
function token() {
  return (g.__linkguardPeerToken ??= crypto.randomBytes(18).toString("base64url"));
}

/**
 * The header's value for a socket address (what markPeer writes; tests use it to play the server).
 * @param {string} address
 * @returns {string}
 */
export function peerHeaderValue(address) {
  return `${token()} ${address}`;
}

/**
 * Writes the socket's address into the request's headers, replacing any copy the client sent.
 * @param {import("node:http").IncomingMessage} req
 */
export function markPeer(req) {
  req.headers[PEER_HEADER] = peerHeaderValue(req.socket.remoteAddress ?? "");
}

/**
 * The socket address a markPeer header carries; null when there is none or it is not this
 * process's (a client's own copy).
 * @param {string | null | undefined} value
 * @returns {string | null}
 */
export function peerFrom(value) {
  if (!value) return null;
  const space = value.indexOf(" ");
  if (space < 0) return null;
  const mine = token();
  if (space !== mine.length) return null;
  // Compared in constant time, without allocating (this runs on every decision request).
  let diff = 0;
  for (let i = 0; i < space; i++) diff |= value.charCodeAt(i) ^ mine.charCodeAt(i);
  return diff === 0 ? value.slice(space + 1) || null : null;
}
