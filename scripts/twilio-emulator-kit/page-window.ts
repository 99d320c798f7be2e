/**
 * Cursor paging as both emulated APIs do it: a page token names the sort key a page continues after
 * (or, going back, the key it ends before). Keys rather than offsets keep paging stable while entries
 * are created or removed between page requests. How a cursor is spelled as a token, and the envelope
 * the links go into, differ per API and stay with each emulator.
 */

export interface PageCursor<K> {
  direction: 'next' | 'previous';
  key: K;
}

export interface PageWindow<T, K> {
  entries: T[];
  /** Where the following page starts, or null on the last page. */
  next: PageCursor<K> | null;
  /** Where the preceding page ends, or null on the first. */
  previous: PageCursor<K> | null;
}

/**
 * Cuts one page out of `ordered`, which is already filtered and sorted in presentation order.
 * `precedes(a, b)` tells whether sort key a comes before b in that order.
 */
export function cutPage<T, K>(
  ordered: readonly T[],
  sortKey: (entry: T) => K,
  precedes: (a: K, b: K) => boolean,
  cursor: PageCursor<K> | undefined,
  pageSize: number,
): PageWindow<T, K> {
  let start: number;
  let end: number;
  if (!cursor) {
    start = 0;
    end = Math.min(ordered.length, pageSize);
  } else if (cursor.direction === 'next') {
    start = firstIndex(ordered, (entry) => precedes(cursor.key, sortKey(entry)));
    end = Math.min(ordered.length, start + pageSize);
  } else {
    end = firstIndex(ordered, (entry) => !precedes(sortKey(entry), cursor.key));
    start = Math.max(0, end - pageSize);
  }
  const entries = ordered.slice(start, end);
  const first = entries[0];
  const last = entries[entries.length - 1];
  return {
    entries,
    next: end < ordered.length && last !== undefined ? { direction: 'next', key: sortKey(last) } : null,
    previous: start > 0 && first !== undefined ? { direction: 'previous', key: sortKey(first) } : null,
  };
}

function firstIndex<T>(entries: readonly T[], predicate: (entry: T) => boolean): number {
  const index = entries.findIndex(predicate);
  return index === -1 ? entries.length : index;
}

/**
 * A link to one page of a list. `filters` are the list's own query parameters (Order, From, ...),
 * echoed on every link so that following it keeps the same view.
 */
export function pageLink(
  listUrl: string,
  filters: ReadonlyArray<[string, string]>,
  pageSize: number,
  page: number,
  token: string | undefined,
): string {
  const query = new URLSearchParams([...filters, ['PageSize', String(pageSize)], ['Page', String(page)]]);
  if (token !== undefined) query.set('PageToken', token);
  return `${listUrl}?${query.toString()}`;
}
