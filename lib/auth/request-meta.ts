import crypto from "node:crypto";
import type { RequestMeta } from "./actor";
import { clientAddress } from "./client-address";

/** What request metadata is read from: a Web `Headers`, or the Node adapter of lib/http/route.ts. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** This process's part of every request id it makes: 72 random bits. */
const ID_PREFIX = crypto.randomBytes(9).toString("base64url");
let idSeq = 0;

/**
 * A fresh request id: this process's random prefix and its count of ids so far
 * ("Qm3x9_LpA2bZ.k1f"). Unique across processes and restarts as a UUID is, at a fraction of the
 * cost on the decision path, which makes one per answer: a UUID string is put together from 16
 * pieces, and the header check and the log line then flatten it again. An id tells its holder no
 * more than how many requests that process has answered.
 */
export function newRequestId(): string {
  return `${ID_PREFIX}.${(++idSeq).toString(36)}`;
}

/** A caller's own request id is kept when it is a plain token of 8 to 64 characters. */
const GIVEN_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's own id (the X-Request-Id header) when it is a plain token, else null. */
export function givenRequestId(given: string | null | undefined): string | null {
  return given && GIVEN_ID.test(given) ? given : null;
}

/** The id that ties log lines, audit entries and error bodies of one request together. */
export function requestMetaFrom(headers: HeaderReader): RequestMeta {
  const requestId = givenRequestId(headers.get("x-request-id")) ?? newRequestId();
  return { requestId, ip: clientAddress(headers), userAgent: headers.get("user-agent") };
}
