import { NextResponse, type NextRequest } from "next/server";
import { newRequestId } from "@/lib/auth/request-meta";
import { apiPathRefusal } from "@/lib/http/api-paths";
import { publicOrigin, requestIsHttps } from "@/lib/http/origin";
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
 *    (lib/http/origin.ts; it only looks for a session cookie).
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const STS = "max-age=31536000; includeSubDomains";

export function proxy(request: NextRequest) {
  const https = requestIsHttps(request.headers, request.nextUrl);
  const answer = request.nextUrl.pathname.startsWith("/api/") ? api(request) : page(request, https);
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

function page(request: NextRequest, https: boolean): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/sign-in" && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const to = new URL("/sign-in", publicOrigin(request.headers, request.nextUrl));
    if (pathname !== "/") to.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(to);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, https);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const answer = NextResponse.next({ request: { headers } });
  answer.headers.set("content-security-policy", csp);
  return answer;
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
  // Everything but Next's own files (hashed, immutable, and no page of ours).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
