/**
 * Token paging in the style of Twilio's v1 APIs: opaque `PT…` tokens and a `meta` block of absolute
 * page URLs. Sync's sort keys are strings (item keys, or zero-padded sequence numbers for maps).
 */
import { pageLink, type PageCursor as Cursor, type PageWindow } from '../twilio-emulator-kit/page-window';
import { invalidParameter } from './errors';

export type PageCursor = Cursor<string>;
export type PageSlice<T> = PageWindow<T, string>;

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
  const urlFor = (pageNumber: number, token: string | undefined): string =>
    pageLink(listUrl, filters, page.pageSize, pageNumber, token);
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
