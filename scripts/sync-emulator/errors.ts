/**
 * Twilio's REST error vocabulary, as the emulator speaks it.
 *
 * Codes come from twilio.com/docs/api/errors. Twilio's error pages rarely state the HTTP status,
 * so the status paired with some codes is our best reading (see the notes on each factory).
 */

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class SyncApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'SyncApiError';
  }

  toBody(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

/** 20001: Twilio's generic "invalid parameter"; used for any malformed form or query field. */
export const invalidParameter = (message: string): SyncApiError => new SyncApiError(400, 20001, message);

export const authenticationRequired = (): SyncApiError =>
  new SyncApiError(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });

/** Twilio answers a missing Map, Item, Service or unknown path with a generic 20404. */
export const notFound = (path: string): SyncApiError =>
  new SyncApiError(404, 20404, `The requested resource ${path} was not found`);

export const methodNotAllowed = (method: string): SyncApiError =>
  new SyncApiError(405, 20004, `Method ${method} not allowed`);

/** 20007 is Twilio's generic "page size too large"; Sync's documented maximum is 100. */
export const pageSizeTooLarge = (max: number): SyncApiError =>
  new SyncApiError(400, 20007, `PageSize must be an integer from 1 to ${max}`);

export const uniqueNameExists = (name: string): SyncApiError =>
  new SyncApiError(409, 54301, `Unique name already exists: ${name}`);

export const itemExists = (key: string): SyncApiError =>
  new SyncApiError(409, 54208, `Map Item with key ${JSON.stringify(key)} already exists`);

/** 412 is an inference: Twilio's support article files Sync If-Match failures under 20412 Precondition Failed. */
export const revisionMismatch = (): SyncApiError =>
  new SyncApiError(412, 54205, 'The revision of the Map Item does not match the expected revision (If-Match)');

export const invalidIfMatch = (): SyncApiError =>
  new SyncApiError(400, 54003, 'The If-Match header is empty; send a revision or omit the header');

export const invalidKey = (): SyncApiError =>
  new SyncApiError(400, 54209, "Invalid Map Item key: it must be 1-256 characters long and must not contain '/'");

export const invalidJson = (): SyncApiError =>
  new SyncApiError(400, 54008, "Invalid JSON: the 'Data' parameter is not valid JSON");

export const invalidItemData = (detail: string): SyncApiError =>
  new SyncApiError(400, 54206, `Invalid Map Item data: ${detail}`);

export const entityTooLarge = (limitBytes: number): SyncApiError =>
  new SyncApiError(
    413,
    54006,
    `Request entity too large: 'Data' must serialize to at most ${limitBytes} bytes of JSON`,
  );

export const rateLimited = (retryAfterSeconds: number): SyncApiError =>
  new SyncApiError(429, 54009, 'Rate limit exceeded for this Sync Map', {
    'Retry-After': String(retryAfterSeconds),
  });
