import crypto from "node:crypto";
import type { RequestMeta } from "./actor";

/** What request metadata is read from: a Web `Headers`, or the Node adapter of lib/http/route.ts. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The id that ties log lines, audit entries and error bodies of one request together. */
export function requestMetaFrom(headers: HeaderReader): RequestMeta {
  const given = headers.get("x-request-id");
  const requestId = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
  // Behind a load balancer the client is the first address it appended; otherwise none is known.
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip") || null;
  return { requestId, ip: ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null, userAgent: headers.get("user-agent") };
}
