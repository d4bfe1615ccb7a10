import net from "node:net";
import { PEER_HEADER, peerFrom } from "@/lib/http/peer.js";
import type { HeaderReader } from "./request-meta";

/**
 * Who may say who the client is: nobody (the socket's address is the client), the proxies at
 * these addresses, or a fixed number of proxy hops in front of the server.
 */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "list"; list: net.BlockList };

/** An IPv4 address as IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) is the IPv4 address. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** One X-Forwarded-For entry as an address: without brackets or a port; null when it is none. */
function forwardedEntry(entry: string): string | null {
  let e = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (bracketed) e = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(e)) e = e.slice(0, e.lastIndexOf(":"));
  return net.isIP(e) ? plain(e) : null;
}

/**
 * `LINKGUARD_TRUSTED_PROXIES`: unset (or empty, or 0) trusts no proxy; a number is that many proxy
 * hops in front of the server; otherwise a comma list of addresses and CIDR blocks
 * (`10.0.0.0/8, 192.0.2.7, ::1`). Anything else is refused, so a typo never trusts a client.
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const value = (text ?? "").trim();
  if (value === "" || value === "0") return { kind: "none" };
  if (/^\d+$/.test(value)) return { kind: "hops", hops: Number(value) };
  const list = new net.BlockList();
  for (const raw of value.split(",")) {
    const item = raw.trim();
    if (!item) continue;
    const [address = "", prefix, extra] = item.split("/");
    const family = net.isIP(address);
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
    if (!family || extra !== undefined || bits < 0 || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`LINKGUARD_TRUSTED_PROXIES: '${item}' is not an address, a CIDR block or a hop count`);
    }
    list.addSubnet(address, bits, family === 4 ? "ipv4" : "ipv6");
  }
  return { kind: "list", list };
}

function trusts(list: net.BlockList, address: string): boolean {
  return list.check(address, net.isIPv4(address) ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's (`peer`), unless it is a trusted proxy; then, walking the
 * X-Forwarded-For entries from the nearest, the first that is not a trusted proxy (with a hop
 * count: the one that many hops back). Entries a client wrote itself lie beyond the first address
 * that is not trusted, so they are never read. Null when the socket's address is unknown.
 */
export function clientAddressFrom(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  if (!peer || !net.isIP(plain(peer))) return null;
  const socket = plain(peer);
  if (trusted.kind === "none") return socket;
  const chain = [socket];
  const entries = forwardedFor ? forwardedFor.split(",") : [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = forwardedEntry(entries[i]!);
    if (address === null) break; // nothing past an entry that is not an address is believed
    chain.push(address);
  }
  if (trusted.kind === "hops") return chain[Math.min(trusted.hops, chain.length - 1)]!;
  let i = 0;
  while (i < chain.length - 1 && trusts(trusted.list, chain[i]!)) i++;
  return chain[i]!;
}

let configured: { text: string | undefined; proxies: TrustedProxies } | undefined;

/** The trusted proxies the environment names (parsed once per value; throws on a bad one). */
export function trustedProxies(): TrustedProxies {
  const text = process.env.LINKGUARD_TRUSTED_PROXIES;
  if (configured && configured.text === text) return configured.proxies;
  const proxies = parseTrustedProxies(text);
  configured = { text, proxies };
  return proxies;
}

/**
 * The one source of a request's client address, for sign-in throttling, sessions and the audit
 * log: the socket's address as the server recorded it (lib/http/peer.js), seen through the
 * configured trusted proxies. A client's own X-Forwarded-For counts for nothing unless the socket
 * it came through is a trusted proxy.
 */
export function clientAddress(headers: HeaderReader): string | null {
  return clientAddressFrom(peerFrom(headers.get(PEER_HEADER)), headers.get("x-forwarded-for"), trustedProxies());
}

/**
 * Whether the request reached this server through one of the configured trusted proxies (its
 * socket's address is one, or a hop count is set): only then may X-Forwarded-Proto and
 * X-Forwarded-Host say how the browser reached the console (lib/http/origin.ts).
 */
export function fromTrustedProxy(headers: HeaderReader): boolean {
  const trusted = trustedProxies();
  if (trusted.kind === "none") return false;
  const peer = peerFrom(headers.get(PEER_HEADER));
  if (!peer || !net.isIP(plain(peer))) return false;
  return trusted.kind === "hops" ? trusted.hops > 0 : trusts(trusted.list, plain(peer));
}
