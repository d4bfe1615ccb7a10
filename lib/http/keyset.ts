/**
 * The one keyset pager of the lists that page both ways (accounts, the case queue): given the
 * decoded cursor (the sort key of a row, and whether it asks for the rows after it or the page
 * before it), it reads `limit + 1` rows to know whether there is more, and gives the page with its
 * next and previous cursors. Walking backwards and finding less than a full page means the top
 * was reached: the first page is answered instead. `alongFirst` runs beside the first page's rows
 * (an estimate, a count) and is null on the others.
 */
export interface KeysetPage<T, E> {
  items: T[];
  hasMore: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
  /** What `alongFirst` gave, on the first page; null on the others. */
  extra: E | null;
}

export async function keysetPage<T, K, E = null>(p: {
  cursor: { key: K; before: boolean } | null;
  limit: number;
  /** Rows in the list's order strictly after `after` (from the start when undefined). */
  forward: (after: K | undefined, n: number) => Promise<T[]>;
  /** Rows in the reverse order strictly before `from`. */
  backward: (from: K, n: number) => Promise<T[]>;
  keyOf: (row: T) => K;
  encode: (key: K, before: boolean) => string;
  alongFirst?: () => Promise<E>;
}): Promise<KeysetPage<T, E>> {
  const { limit } = p;
  const enc = (row: T, before: boolean) => p.encode(p.keyOf(row), before);
  const first = async (): Promise<KeysetPage<T, E>> => {
    const [rows, extra] = await Promise.all([p.forward(undefined, limit + 1), p.alongFirst ? p.alongFirst() : Promise.resolve(null)]);
    const items = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    return { items, hasMore, nextCursor: hasMore ? enc(items.at(-1)!, false) : null, prevCursor: null, extra };
  };
  if (!p.cursor) return first();
  const { key } = p.cursor;
  if (!p.cursor.before) {
    const rows = await p.forward(key, limit + 1);
    const items = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    return {
      items,
      hasMore,
      nextCursor: hasMore ? enc(items.at(-1)!, false) : null,
      prevCursor: items.length ? enc(items[0]!, true) : p.encode(key, true),
      extra: null,
    };
  }
  const back = await p.backward(key, limit + 1);
  if (back.length <= limit) return first();
  const items = back.slice(0, limit).reverse();
  return { items, hasMore: true, nextCursor: enc(items.at(-1)!, false), prevCursor: enc(items[0]!, true), extra: null };
}
