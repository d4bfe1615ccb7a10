import { fromTrustedProxy } from "@/lib/auth/client-address";
import type { HeaderReader } from "@/lib/auth/request-meta";

/**
 * Where the browser reached the console, for every absolute URL the console writes (sign-in
 * redirects): LINKGUARD_PUBLIC_URL (or Auth.js's AUTH_URL) when set, else the request's own Host,
 * else `fallback` (the URL Next built, which names the listen address, e.g. http://0.0.0.0:3000).
 * X-Forwarded-Host and X-Forwarded-Proto are read only from a trusted proxy (LINKGUARD_TRUSTED_PROXIES,
 * judged on the socket's address as lib/auth/client-address.ts does): anyone else could write them.
 */
export function publicOrigin(headers: HeaderReader, fallback: URL): string {
  const configured = process.env.LINKGUARD_PUBLIC_URL || process.env.AUTH_URL;
  if (configured) return new URL(configured).origin;
  const proxied = fromTrustedProxy(headers);
  const host = (proxied ? firstValue(headers.get("x-forwarded-host")) : null) ?? headers.get("host");
  if (!host || !HOST.test(host)) return fallback.origin;
  return `${requestIsHttps(headers, fallback) ? "https" : "http"}://${host.toLowerCase()}`;
}

/** A host name or address with an optional port; nothing that could end the URL's authority. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Whether the browser's connection is HTTPS: the request's own scheme, or a trusted proxy's X-Forwarded-Proto. */
export function requestIsHttps(headers: HeaderReader, url: URL): boolean {
  if (url.protocol === "https:") return true;
  return fromTrustedProxy(headers) && firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() === "https";
}

/** The first of a comma-separated header's values (the one the outermost proxy wrote). */
function firstValue(v: string | null): string | null {
  const first = v?.split(",")[0]?.trim();
  return first ? first : null;
}
