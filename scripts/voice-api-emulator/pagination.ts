/**
 * Paging in the style of the 2010-04-01 API: relative `*_page_uri` links carrying PageSize, Page and an
 * opaque PageToken. Tokens name the sequence number a page continues after (`PA…`) or ends before
 * (`PB…`), so pages stay stable while calls are created or members leave between requests. The twilio
 * client follows `next_page_uri` against its API origin, so the links must stay relative.
 */
import { invalidParameter } from './errors';
import type { PageQuery } from './params';

interface Cursor {
  direction: 'next' | 'previous';
  seq: number;
}

export function decodePageToken(token: string): Cursor {
  const match = /^P([AB])(\d{1,15})$/.exec(token);
  if (!match?.[1] || !match[2]) {
    throw invalidParameter('PageToken is not valid; use the next_page_uri or previous_page_uri of a list response');
  }
  return { direction: match[1] === 'A' ? 'next' : 'previous', seq: Number(match[2]) };
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
  const after = (seq: number, than: number): boolean => (ascending ? seq > than : seq < than);
  let start: number;
  let end: number;
  if (!cursor) {
    start = 0;
    end = Math.min(ordered.length, query.pageSize);
  } else if (cursor.direction === 'next') {
    start = firstIndex(ordered, (entry) => after(seqOf(entry), cursor.seq));
    end = Math.min(ordered.length, start + query.pageSize);
  } else {
    end = firstIndex(ordered, (entry) => !after(cursor.seq, seqOf(entry)));
    start = Math.max(0, end - query.pageSize);
  }
  const entries = ordered.slice(start, end);
  const first = entries[0];
  const last = entries[entries.length - 1];

  const link = (page: number, token: string | undefined): string => {
    const search = new URLSearchParams([...filters, ['PageSize', String(query.pageSize)], ['Page', String(page)]]);
    if (token !== undefined) search.set('PageToken', token);
    return `${listUri}?${search.toString()}`;
  };
  const startIndex = query.page * query.pageSize;
  return {
    entries,
    envelope: {
      end: entries.length === 0 ? startIndex : startIndex + entries.length - 1,
      first_page_uri: link(0, undefined),
      next_page_uri: end < ordered.length && last !== undefined ? link(query.page + 1, `PA${seqOf(last)}`) : null,
      page: query.page,
      page_size: query.pageSize,
      previous_page_uri:
        start > 0 && first !== undefined ? link(Math.max(0, query.page - 1), `PB${seqOf(first)}`) : null,
      start: startIndex,
      uri: link(query.page, query.pageToken),
    },
  };
}

function firstIndex<T>(entries: readonly T[], predicate: (entry: T) => boolean): number {
  const index = entries.findIndex(predicate);
  return index === -1 ? entries.length : index;
}
