import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { publicOrigin } from "@/lib/http/origin";

/**
 * Auth.js writes its redirects (`/sign-in?error=…`, the callback URL) from the request's URL, which
 * Next builds from the listen address (http://0.0.0.0:3000): it gets the URL the browser used.
 */
function atPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    const { href, origin } = request.nextUrl;
    const browser = publicOrigin(request.headers, request.nextUrl);
    return handler(browser === origin ? request : new NextRequest(browser + href.slice(origin.length), request));
  };
}

export const GET = atPublicOrigin(handlers.GET);
export const POST = atPublicOrigin(handlers.POST);
