/**
 * Paging in the style of the 2010-04-01 API: relative `*_page_uri` links carrying PageSize, Page and an
 * opaque PageToken. Tokens name the sequence number a page continues after (`PA…`) or ends before
 * (`PB…`). The twilio client follows `next_page_uri` against its API origin, so the links must stay
 * relative.
 */
import { cutPage, pageLink, type PageCursor } from '../twilio-emulator-kit/page-window';
import { invalidParameter } from './errors';
import type { PageQuery } from './params';

export function decodePageToken(token: string): PageCursor<number> {
  const match = /^P([AB])(\d{1,15})$/.exec(token);
  if (!match?.[1] || !match[2]) {
    throw invalidParameter('PageToken is not valid; use the next_page_uri or previous_page_uri of a list response');
  }
  return { direction: match[1] === 'A' ? 'next' : 'previous', key: Number(match[2]) };
}

export interface ListEnvelope {
  end: number;
  first_page_uri: string;
  next_page_uri: string | null;
  page: number;
  page_size: number;
  previous_page_uri: string | null;
  start: number;
  uri: string;
}

/**
 * One page of `ordered` (already filtered and in presentation order, ascending or descending by seq)
 * and the envelope fields. `filters` are the list's own query parameters, echoed on every link.
 */
export function pageOf<T>(
  ordered: readonly T[],
  seqOf: (entry: T) => number,
  ascending: boolean,
  query: PageQuery,
  listUri: string,
  filters: ReadonlyArray<[string, string]>,
): { entries: T[]; envelope: ListEnvelope } {
  const cursor = query.pageToken === undefined ? undefined : decodePageToken(query.pageToken);
  const precedes = (a: number, b: number): boolean => (ascending ? a < b : a > b);
  const { entries, next, previous } = cutPage(ordered, seqOf, precedes, cursor, query.pageSize);
  const link = (page: number, token: string | undefined): string =>
    pageLink(listUri, filters, query.pageSize, page, token);
  const startIndex = query.page * query.pageSize;
  return {
    entries,
    envelope: {
      end: entries.length === 0 ? startIndex : startIndex + entries.length - 1,
      first_page_uri: link(0, undefined),
      next_page_uri: next ? link(query.page + 1, `PA${next.key}`) : null,
      page: query.page,
      page_size: query.pageSize,
      previous_page_uri: previous ? link(Math.max(0, query.page - 1), `PB${previous.key}`) : null,
      start: startIndex,
      uri: link(query.page, query.pageToken),
    },
  };
}
