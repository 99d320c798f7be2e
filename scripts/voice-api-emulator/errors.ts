/**
 * Twilio's REST error vocabulary for the Voice (2010-04-01) endpoints the emulator serves.
 *
 * Codes and wording come from twilio.com/docs/api/errors where a page exists; Twilio's pages rarely
 * state the HTTP status, so the status is our reading. Factories marked GUESS have no documented code
 * for the exact situation: they use Twilio's generic 20001 "invalid parameter" (or the nearest code).
 */

import { TwilioApiError, invalidParameter } from '../twilio-emulator-kit/twilio-error';

/*
 * The generic 20xxx codes read the same in every Twilio API. notFound also covers an AccountSid in the
 * path that is not the authenticated account: Twilio answers that with 404 / 20404 (a foreign account's
 * path reads as "not found", as reported in twilio/twilio-python#406).
 */
export * from '../twilio-emulator-kit/twilio-error';

/** Twilio's wording for a missing required form field (GUESS: generic 20001). */
export const missingParameter = (name: string): TwilioApiError =>
  invalidParameter(`Missing required parameter ${name} in the post body`);

// ---- Calls (212xx: documented on twilio.com/docs/api/errors) ----

/** 21201 "No 'To' number specified". */
export const noToNumber = (): TwilioApiError => new TwilioApiError(400, 21201, "No 'To' number is specified");

/** 21213 "Caller phone number is required" ('From' missing). */
export const noFromNumber = (): TwilioApiError => new TwilioApiError(400, 21213, "No 'From' number is specified");

/** 21211 "Invalid 'To' Phone Number". */
export const invalidTo = (to: string): TwilioApiError =>
  new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);

/** 21212 "Invalid 'From' Phone Number" (from memory of Twilio's list; the page was not read). */
export const invalidFrom = (from: string): TwilioApiError =>
  new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number or client identifier.`);

/** 21205: the message Twilio sends when none of Url, Twiml, ApplicationSid is given (twilio/twilio-node#275). */
export const urlRequired = (): TwilioApiError =>
  new TwilioApiError(
    400,
    21205,
    'Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml',
  );

/** 21205 "Invalid URL", with Twilio's message shape "Url is not a valid URL: …". */
export const invalidUrl = (name: string, value: string): TwilioApiError =>
  new TwilioApiError(400, 21205, `${name} is not a valid URL: ${value}`);

/** 21218 "Invalid ApplicationSid". */
export const invalidApplicationSid = (): TwilioApiError => new TwilioApiError(400, 21218, 'Invalid ApplicationSid');

/** 32018 "Twiml size exceeded maximum allowed value of 4000 characters". */
export const twimlTooLong = (max: number): TwilioApiError =>
  new TwilioApiError(400, 32018, `Twiml size exceeded maximum allowed value of ${max} characters`);

/** 21220 "Invalid call state": a realtime operation (redirect, hang-up) on a call that has ended. */
export const callNotInProgress = (action: string): TwilioApiError =>
  new TwilioApiError(400, 21220, `Call is not in-progress. Cannot ${action}.`);
