/**
 * Paging for both list styles served here, over records sorted by creation sequence:
 * - Studio v2 / Serverless v1: a `meta` block of absolute URLs with an opaque `PT…` token;
 * - 2010-04-01: top-level `*_page_uri` links relative to https://api.twilio.com, with `PA…`/`PB…` tokens.
 * Both APIs document a default page size of 50 and a maximum of 1000.
 */
import { readPageQuery, type PageQuery } from '../twilio-emulator-kit/page-query';
import { cutPage, pageLink, type PageCursor } from '../twilio-emulator-kit/page-window';
import { invalidParameter } from './errors';

const PAGE_SIZES = { defaultPageSize: 50, maxPageSize: 1000 };

export function pageQuery(query: URLSearchParams): PageQuery {
  return readPageQuery(query, PAGE_SIZES);
}

interface Seq {
  seq: number;
}

const badToken = (): Error => invalidParameter('PageToken is not valid; use the page URLs of a list response');

/** One page in the v1/v2 style: `{ [key]: items, meta }`. */
export function metaPage<T extends Seq>(
  ordered: readonly T[],
  query: URLSearchParams,
  listUrl: string,
  key: string,
  render: (entry: T) => unknown,
): Record<string, unknown> {
  const page = pageQuery(query);
  const cursor = page.pageToken === undefined ? undefined : decodeMetaToken(page.pageToken);
  const slice = cutPage(ordered, (entry) => entry.seq, (a, b) => a < b, cursor, page.pageSize);
  const url = (n: number, token: string | undefined): string => pageLink(listUrl, [], page.pageSize, n, token);
  return {
    [key]: slice.entries.map(render),
    meta: {
      page: page.page,
      page_size: page.pageSize,
      first_page_url: url(0, undefined),
      previous_page_url: slice.previous ? url(Math.max(0, page.page - 1), encodeMetaToken(slice.previous)) : null,
      url: url(page.page, page.pageToken),
      next_page_url: slice.next ? url(page.page + 1, encodeMetaToken(slice.next)) : null,
      key,
    },
  };
}

function encodeMetaToken(cursor: PageCursor<number>): string {
  return `PT${cursor.direction === 'next' ? 'A' : 'B'}${cursor.key}`;
}

function decodeMetaToken(token: string): PageCursor<number> {
  const match = /^PT([AB])(\d{1,15})$/.exec(token);
  if (!match?.[1] || !match[2]) throw badToken();
  return { direction: match[1] === 'A' ? 'next' : 'previous', key: Number(match[2]) };
}

/** One page in the 2010 style: `{ [key]: items, start, end, page, page_size, uri, *_page_uri }`. */
export function legacyPage<T extends Seq>(
  ordered: readonly T[],
  query: URLSearchParams,
  listUri: string,
  filters: ReadonlyArray<[string, string]>,
  key: string,
  render: (entry: T) => unknown,
): Record<string, unknown> {
  const page = pageQuery(query);
  let cursor: PageCursor<number> | undefined;
  if (page.pageToken !== undefined) {
    const match = /^P([AB])(\d{1,15})$/.exec(page.pageToken);
    if (!match?.[1] || !match[2]) throw badToken();
    cursor = { direction: match[1] === 'A' ? 'next' : 'previous', key: Number(match[2]) };
  }
  const slice = cutPage(ordered, (entry) => entry.seq, (a, b) => a < b, cursor, page.pageSize);
  const uri = (n: number, token: string | undefined): string => pageLink(listUri, filters, page.pageSize, n, token);
  const start = page.page * page.pageSize;
  return {
    [key]: slice.entries.map(render),
    end: slice.entries.length === 0 ? start : start + slice.entries.length - 1,
    first_page_uri: uri(0, undefined),
    next_page_uri: slice.next ? uri(page.page + 1, `PA${slice.next.key}`) : null,
    page: page.page,
    page_size: page.pageSize,
    previous_page_uri: slice.previous ? uri(Math.max(0, page.page - 1), `PB${slice.previous.key}`) : null,
    start,
    uri: uri(page.page, page.pageToken),
  };
}
