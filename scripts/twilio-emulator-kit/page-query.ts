/** The PageSize / Page / PageToken query parameters every Twilio list endpoint takes. */
import { invalidParameter, pageSizeTooLarge } from './twilio-error';

export interface PageQuery {
  pageSize: number;
  /** "The page index. This value is simply for client state." (the specs) */
  page: number;
  pageToken: string | undefined;
}

/** Each API documents its own default and maximum page size. */
export interface PageSizeLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

export function readPageQuery(query: URLSearchParams, limits: PageSizeLimits): PageQuery {
  return {
    pageSize: readPageSize(query.get('PageSize'), limits),
    page: readPage(query.get('Page')),
    pageToken: query.get('PageToken') ?? undefined,
  };
}

function readPageSize(raw: string | null, limits: PageSizeLimits): number {
  if (raw === null) return limits.defaultPageSize;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw invalidParameter('PageSize must be a positive integer');
  // Unconfirmed whether Twilio clamps or rejects above the maximum; rejecting makes a wrong assumption visible.
  if (Number(raw) > limits.maxPageSize) throw pageSizeTooLarge(limits.maxPageSize);
  return Number(raw);
}

function readPage(raw: string | null): number {
  if (raw === null) return 0;
  if (!/^\d{1,9}$/.test(raw)) throw invalidParameter('Page must be a non-negative integer');
  return Number(raw);
}
