/**
 * Twilio's REST error vocabulary, as the Sync emulator speaks it.
 *
 * Codes come from twilio.com/docs/api/errors. Twilio's error pages rarely state the HTTP status,
 * so the status paired with some codes is our best reading (see the notes on each factory).
 */

import { TwilioApiError } from '../twilio-emulator-kit/twilio-error';

// The generic 20xxx codes read the same in every Twilio API; Sync answers a missing Map, Item, Service
// or unknown path with the generic 20404.
export * from '../twilio-emulator-kit/twilio-error';

export const uniqueNameExists = (name: string): TwilioApiError =>
  new TwilioApiError(409, 54301, `Unique name already exists: ${name}`);

export const itemExists = (key: string): TwilioApiError =>
  new TwilioApiError(409, 54208, `Map Item with key ${JSON.stringify(key)} already exists`);

/** 412 is an inference: Twilio's support article files Sync If-Match failures under 20412 Precondition Failed. */
export const revisionMismatch = (): TwilioApiError =>
  new TwilioApiError(412, 54205, 'The revision of the Map Item does not match the expected revision (If-Match)');

export const invalidIfMatch = (): TwilioApiError =>
  new TwilioApiError(400, 54003, 'The If-Match header is empty; send a revision or omit the header');

export const invalidKey = (): TwilioApiError =>
  new TwilioApiError(400, 54209, "Invalid Map Item key: it must be 1-256 characters long and must not contain '/'");

export const invalidJson = (): TwilioApiError =>
  new TwilioApiError(400, 54008, "Invalid JSON: the 'Data' parameter is not valid JSON");

export const invalidItemData = (detail: string): TwilioApiError =>
  new TwilioApiError(400, 54206, `Invalid Map Item data: ${detail}`);

export const entityTooLarge = (limitBytes: number): TwilioApiError =>
  new TwilioApiError(
    413,
    54006,
    `Request entity too large: 'Data' must serialize to at most ${limitBytes} bytes of JSON`,
  );

export const rateLimited = (retryAfterSeconds: number): TwilioApiError =>
  new TwilioApiError(429, 54009, 'Rate limit exceeded for this Sync Map', {
    'Retry-After': String(retryAfterSeconds),
  });
