import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends a signed-out page view to the sign-in page. Not a security boundary: it only looks for a
 * session cookie; every page and API checks the session itself in lib/.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = request.nextUrl.pathname === "/" ? "" : `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Page views only: the API answers 401 itself; sign-in, static files and health stay open.
  matcher: ["/((?!api/|_next/|sign-in|favicon.ico|robots.txt).*)"],
};
