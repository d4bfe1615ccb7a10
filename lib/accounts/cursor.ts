import type { LinkSort, SortOrder } from "./schemas";

/**
 * The opaque keyset cursor of the accounts list: base64url of the sort key of one row (linked-at
 * to the microsecond, as PostgreSQL holds it, the 7-day charge yen for that sort) and its id, with
 * the sort it belongs to and whether it asks for the rows after it or the page before it. Pure:
 * the schema (shared with the browser) validates cursors with it.
 */
export interface LinkCursor {
  sort: LinkSort;
  order: SortOrder;
  /** linked_at of the row, ISO 8601 UTC with microseconds. */
  linkedAt: string;
  id: string;
  /** 7-day charge yen of the row (sort charges_7d only). */
  yen?: number;
  /** true: the page before this row (a "previous" link); false: the rows after it. */
  before: boolean;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toBase64Url(s: string): string {
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  try {
    return atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
}

export function encodeCursor(c: LinkCursor): string {
  const payload: unknown[] = [c.sort === "linked_at" ? "l" : "c", c.order === "desc" ? "d" : "a", c.linkedAt, c.id, c.before ? 1 : 0];
  if (c.sort === "charges_7d") payload.push(c.yen ?? 0);
  return toBase64Url(JSON.stringify(payload));
}

/** The cursor, or null when the string is not one this API gave out. */
export function decodeCursor(s: string): LinkCursor | null {
  const text = fromBase64Url(s);
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 5 || v.length > 6) return null;
  const [sort, order, linkedAt, id, before, yen] = v as unknown[];
  if ((sort !== "l" && sort !== "c") || (order !== "d" && order !== "a")) return null;
  if (typeof linkedAt !== "string" || !ISO_MICROS.test(linkedAt) || Number.isNaN(Date.parse(linkedAt))) return null;
  if (typeof id !== "string" || !UUID.test(id)) return null;
  if (before !== 0 && before !== 1) return null;
  if (sort === "c") {
    if (typeof yen !== "number" || !Number.isSafeInteger(yen) || yen < 0 || v.length !== 6) return null;
  } else if (v.length !== 5) return null;
  return {
    sort: sort === "l" ? "linked_at" : "charges_7d",
    order: order === "d" ? "desc" : "asc",
    linkedAt,
    id: id.toLowerCase(),
    before: before === 1,
    ...(sort === "c" ? { yen: yen as number } : {}),
  };
}

/** The transactions of one link: occurred_at (microseconds) and id. */
export function encodeTxCursor(occurredAt: string, id: string): string {
  return toBase64Url(JSON.stringify([occurredAt, id]));
}

export function decodeTxCursor(s: string): { occurredAt: string; id: string } | null {
  const text = fromBase64Url(s);
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, id] = v as unknown[];
    if (typeof at !== "string" || !ISO_MICROS.test(at) || typeof id !== "string" || !UUID.test(id)) return null;
    return { occurredAt: at, id: id.toLowerCase() };
  } catch {
    return null;
  }
}
