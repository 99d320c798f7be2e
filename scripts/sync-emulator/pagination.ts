/**
 * Token paging in the style of Twilio's v1 APIs: a page token names the key a page continues after
 * (or, going back, the key it ends before). Keys rather than offsets keep paging stable while items
 * are created or deleted between page requests.
 */
import { invalidParameter } from './errors';

export interface PageCursor {
  direction: 'next' | 'previous';
  key: string;
}

export interface PageSlice<T> {
  entries: T[];
  next: PageCursor | null;
  previous: PageCursor | null;
}

export function encodePageToken(cursor: PageCursor): string {
  return 'PT' + Buffer.from(JSON.stringify({ d: cursor.direction, k: cursor.key }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string): PageCursor {
  try {
    if (!token.startsWith('PT')) throw new Error('prefix');
    const decoded: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'd' in decoded && 'k' in decoded) {
      const { d, k } = decoded;
      if ((d === 'next' || d === 'previous') && typeof k === 'string') return { direction: d, key: k };
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalidParameter('PageToken is not valid; use the next_page_url or previous_page_url of a list response');
}

/**
 * Cuts one page out of `ordered`, which is already filtered and sorted in presentation order.
 * `precedes(a, b)` tells whether sort key a comes before b in that order.
 */
export function slicePage<T>(
  ordered: readonly T[],
  sortKey: (entry: T) => string,
  precedes: (a: string, b: string) => boolean,
  cursor: PageCursor | undefined,
  pageSize: number,
): PageSlice<T> {
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

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: string;
}

/** Builds the `meta` block; `filters` are the list's own query parameters (Order, From, ...), echoed on every URL. */
export function listMeta(
  listUrl: string,
  key: string,
  filters: ReadonlyArray<[string, string]>,
  page: { pageSize: number; page: number; pageToken: string | undefined },
  slice: Pick<PageSlice<unknown>, 'next' | 'previous'>,
): ListMeta {
  const urlFor = (pageNumber: number, token: string | undefined): string => {
    const query = new URLSearchParams([...filters, ['PageSize', String(page.pageSize)], ['Page', String(pageNumber)]]);
    if (token !== undefined) query.set('PageToken', token);
    return `${listUrl}?${query.toString()}`;
  };
  return {
    page: page.page,
    page_size: page.pageSize,
    first_page_url: urlFor(0, undefined),
    previous_page_url: slice.previous ? urlFor(Math.max(0, page.page - 1), encodePageToken(slice.previous)) : null,
    url: urlFor(page.page, page.pageToken),
    next_page_url: slice.next ? urlFor(page.page + 1, encodePageToken(slice.next)) : null,
    key,
  };
}
