/**
 * Security headers. Plain JavaScript so next.config.js can import it; names in lower case (Node
 * lower-cases a mixed-case name on every answer it writes; HTTP names are case-insensitive).
 *
 * Every answer, page or API, carries API_SECURITY_HEADERS: the set the OWASP REST Security Cheat
 * Sheet names for API responses, beside the content-type and `cache-control: no-store` that the
 * routes set. Pages also carry DOCUMENT_SECURITY_HEADERS, which only act on a document a browser
 * renders (what it sends as referrer, which browser features it may use); on JSON they do nothing,
 * and the decision API answers tens of thousands of requests a second.
 * next.config.js adds them to Next's answers, lib/http/route.ts to the answers it writes itself.
 * @type {ReadonlyArray<{ key: string; value: string }>}
 */
export const API_SECURITY_HEADERS = [
  { key: "x-frame-options", value: "DENY" },
  { key: "x-content-type-options", value: "nosniff" },
];

/** @type {ReadonlyArray<{ key: string; value: string }>} */
export const DOCUMENT_SECURITY_HEADERS = [
  { key: "referrer-policy", value: "same-origin" },
  { key: "permissions-policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** Next's `headers()`: the API set on every path, the document set on every path outside /api. */
export function nextSecurityHeaders() {
  return [
    { source: "/:path*", headers: [...API_SECURITY_HEADERS] },
    { source: "/((?!api/).*)", headers: [...DOCUMENT_SECURITY_HEADERS] },
  ];
}
