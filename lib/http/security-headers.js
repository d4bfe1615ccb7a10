/**
 * The headers every answer carries: next.config.js adds them to Next's answers, lib/http/route.ts
 * to the answers of the production server's fast path (which never reaches Next).
 * Plain JavaScript so next.config.js can import it.
 * @type {ReadonlyArray<{ key: string; value: string }>}
 */
export const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
