import { NextResponse, type NextRequest } from "next/server";
import { databaseReachable } from "@/db";
import { newRequestId } from "@/lib/auth/request-meta";
import { SESSION_COOKIES } from "@/lib/auth/session-cookie";
import { apiPathRefusal } from "@/lib/http/api-paths";
import { publicOrigin, requestIsHttps } from "@/lib/http/origin";
import { Unavailable } from "@/lib/errors";
import { problemParts } from "@/lib/http/problem";
import { API_SECURITY_HEADERS } from "@/lib/http/security-headers.js";

/**
 * Runs before Next answers any page or API request. Never the security boundary: every page and
 * API checks the session itself in lib/. It
 *  - answers what no API route would: an unknown /api path (problem+json 404) and a method the
 *    path's route file does not export (problem+json 405 with Allow; lib/http/api-paths.ts);
 *  - gives every page a Content-Security-Policy whose scripts must carry this request's nonce
 *    (Next puts the nonce on its own scripts when it finds it in the request's CSP header; the
 *    pages are rendered per request, as they read the database anyway);
 *  - behind HTTPS, adds Strict-Transport-Security to every answer;
 *  - sends a signed-out page view to the sign-in page, at the host the browser used
 *    (lib/http/origin.ts; it only looks for a session cookie);
 *  - answers a page view while PostgreSQL does not answer with the console's outage page
 *    (app/unavailable) and 503 with Retry-After, before anything renders: a page's render that
 *    fails on the database can only answer 200 (Next has sent the status once it streams), so the
 *    database is asked first (db/index.ts databaseReachable, bounded by PAGE_DATABASE_WAIT_MS).
 */
const STS = "max-age=31536000; includeSubDomains";
/** The outage page's own path (app/unavailable): only ever answered in place of another page. */
const OUTAGE_PAGE = "/unavailable";
/** Marks the request Next renders the outage page for (set by this proxy only; a sender's own is removed). */
const OUTAGE_MARK = "x-linkguard-outage";
/** How long a page view waits for the database's `select 1` before it is the outage page. */
const PAGE_DATABASE_WAIT_MS = 2_000;

export async function proxy(request: NextRequest) {
  const https = requestIsHttps(request.headers, request.nextUrl);
  const answer = request.nextUrl.pathname.startsWith("/api/") ? api(request) : await page(request, https);
  if (https) answer.headers.set("strict-transport-security", STS);
  return answer;
}

function api(request: NextRequest): NextResponse {
  const refusal = apiPathRefusal(request.method, request.nextUrl.pathname);
  if (!refusal) return NextResponse.next();
  const requestId = newRequestId();
  const problem = problemParts(refusal.error.status, refusal.error.code, refusal.error.message, requestId, undefined, refusal.headers);
  const headers = new Headers(problem.headers);
  for (const h of API_SECURITY_HEADERS) headers.set(h.key, h.value);
  headers.set("x-request-id", requestId);
  return new NextResponse(problem.body, { status: problem.status, headers });
}

async function page(request: NextRequest, https: boolean): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  // Next runs the proxy again for the outage page it was rewritten to: it stays the outage page, 503.
  if (pathname === OUTAGE_PAGE && request.headers.get(OUTAGE_MARK) === "1") return outage(request.headers, NextResponse.next);
  if (pathname !== "/sign-in" && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const to = new URL("/sign-in", publicOrigin(request.headers, request.nextUrl));
    if (pathname !== "/") to.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(to);
  }
  // Page views (documents and the router's RSC requests) only: a form's POST (a server action)
  // answers for itself.
  const view = request.method === "GET" || request.method === "HEAD";
  const down = view && !(await databaseReachable(PAGE_DATABASE_WAIT_MS));
  if (pathname === OUTAGE_PAGE && !down) return NextResponse.redirect(new URL("/", publicOrigin(request.headers, request.nextUrl)));
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, https);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.delete(OUTAGE_MARK);
  // The outage page in the place of the page asked for: the browser's address stays, and the
  // outage page loads it again once the database answers. The query stays too: the router's RSC
  // requests carry their cache key in it (`_rsc`); one answered with 503 makes the router load the
  // page as a document, which is this page again.
  if (down) {
    const to = request.nextUrl.clone();
    to.pathname = OUTAGE_PAGE;
    return outage(headers, (init) => NextResponse.rewrite(to, init));
  }
  const answer = NextResponse.next({ request: { headers } });
  answer.headers.set("content-security-policy", csp);
  return answer;
}

/** The outage page's answer: 503 with Retry-After, its request marked as the outage page's, its scripts with the request's nonce. */
function outage(requestHeaders: Headers, answer: (init: NonNullable<Parameters<typeof NextResponse.next>[0]>) => NextResponse): NextResponse {
  const headers = new Headers(requestHeaders);
  headers.set(OUTAGE_MARK, "1");
  return answer({
    status: 503,
    request: { headers },
    headers: {
      "retry-after": String(new Unavailable().retryAfterSeconds),
      "cache-control": "no-store",
      "content-security-policy": headers.get("content-security-policy") ?? "",
    },
  });
}

/**
 * Scripts: only those carrying this request's nonce, and what they load ('strict-dynamic').
 * Styles may be inline (React and the chart library write style attributes); nothing may frame
 * the console, and forms post only to it. `next dev` needs eval for its refresh.
 */
function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = {
  matcher: [
    // Everything but Next's own files (hashed, immutable, and no page of ours)…
    "/((?!_next/static|_next/image|favicon.ico|robots.txt|api/v1/cases/[^/]+/evidence$).*)",
    // …and a case's evidence list, but not an upload to it: Next reads the whole body of every
    // request the proxy sees before the route runs (keeping up to proxyClientMaxBodySize, 10 MB,
    // and cutting the rest), so a 20 MiB file would arrive cut and a larger one be read whole
    // before it could be refused. Uploads go straight to their route, which streams the file and
    // refuses it (413) as soon as it is too large (lib/http/multipart.ts).
    { source: "/api/v1/cases/:caseId/evidence", missing: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
