/**
 * The error body every Twilio REST API answers with, and the generic 20xxx codes the emulated APIs
 * share. Codes come from twilio.com/docs/api/errors; Twilio's pages rarely state the HTTP status, so the
 * status paired with a code is our reading. API-specific codes live in each emulator's errors.ts.
 */

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers, e.g. WWW-Authenticate on 401 or Retry-After on 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'TwilioApiError';
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

/** 20001: Twilio's generic "invalid parameter", for any malformed form or query field without a better code. */
export const invalidParameter = (message: string): TwilioApiError => new TwilioApiError(400, 20001, message);

export const authenticationRequired = (): TwilioApiError =>
  new TwilioApiError(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });

export const notFound = (path: string): TwilioApiError =>
  new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);

export const methodNotAllowed = (method: string): TwilioApiError =>
  new TwilioApiError(405, 20004, `Method ${method} not allowed`);

/** 20007 is Twilio's "page size too large"; each API documents its own maximum. */
export const pageSizeTooLarge = (max: number): TwilioApiError =>
  new TwilioApiError(400, 20007, `PageSize must be an integer from 1 to ${max}`);

/** Anything that is not a TwilioApiError is an emulator bug; the client still gets a Twilio-shaped 500. */
export function internalError(error: unknown): TwilioApiError {
  const message = error instanceof Error ? error.message : String(error);
  return new TwilioApiError(500, 20500, `Internal Server Error: ${message}`);
}
