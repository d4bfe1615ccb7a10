/**
 * The headers every answer carries: next.config.js adds them to Next's answers, lib/http/route.ts
 * to the answers of the production server's fast path (which never reaches Next).
 * Plain JavaScript so next.config.js can import it. Names in lower case: Node lower-cases a
 * mixed-case name on every answer it writes (HTTP names are case-insensitive).
 * @type {ReadonlyArray<{ key: string; value: string }>}
 */
export const SECURITY_HEADERS = [
  { key: "x-frame-options", value: "DENY" },
  { key: "x-content-type-options", value: "nosniff" },
  { key: "referrer-policy", value: "same-origin" },
  { key: "permissions-policy", value: "camera=(), microphone=(), geolocation=()" },
];
