/**
 * Twilio's REST error vocabulary for the Voice (2010-04-01) endpoints the emulator serves.
 *
 * Codes and wording come from twilio.com/docs/api/errors where a page exists; Twilio's pages rarely
 * state the HTTP status, so the status is our reading. Factories marked GUESS have no documented code
 * for the exact situation: they use Twilio's generic 20001 "invalid parameter" (or the nearest code).
 */

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class VoiceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers, e.g. WWW-Authenticate on 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'VoiceApiError';
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

/** 20001: Twilio's generic "invalid parameter". GUESS wherever a more specific code may exist. */
export const invalidParameter = (message: string): VoiceApiError => new VoiceApiError(400, 20001, message);

/** Twilio's wording for a missing required form field (GUESS: generic 20001). */
export const missingParameter = (name: string): VoiceApiError =>
  invalidParameter(`Missing required parameter ${name} in the post body`);

export const authenticationRequired = (): VoiceApiError =>
  new VoiceApiError(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });

/**
 * Unknown path, call, queue or member, and an AccountSid in the path that is not the authenticated
 * account: Twilio answers those with 404 / 20404 (a foreign account's path reads as "not found", as
 * reported in twilio/twilio-python#406).
 */
export const notFound = (path: string): VoiceApiError =>
  new VoiceApiError(404, 20404, `The requested resource ${path} was not found`);

export const methodNotAllowed = (method: string): VoiceApiError =>
  new VoiceApiError(405, 20004, `Method ${method} not allowed`);

/** 20007 is Twilio's "page size too large"; the 2010 API's documented maximum is 1000. */
export const pageSizeTooLarge = (max: number): VoiceApiError =>
  new VoiceApiError(400, 20007, `PageSize must be an integer from 1 to ${max}`);

// ---- Calls (212xx: documented on twilio.com/docs/api/errors) ----

/** 21201 "No 'To' number specified". */
export const noToNumber = (): VoiceApiError => new VoiceApiError(400, 21201, "No 'To' number is specified");

/** 21213 "Caller phone number is required" ('From' missing). */
export const noFromNumber = (): VoiceApiError => new VoiceApiError(400, 21213, "No 'From' number is specified");

/** 21211 "Invalid 'To' Phone Number". */
export const invalidTo = (to: string): VoiceApiError =>
  new VoiceApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);

/** 21212 "Invalid 'From' Phone Number" (from memory of Twilio's list; the page was not read). */
export const invalidFrom = (from: string): VoiceApiError =>
  new VoiceApiError(400, 21212, `The 'From' number ${from} is not a valid phone number or client identifier.`);

/** 21205: the message Twilio sends when none of Url, Twiml, ApplicationSid is given (twilio/twilio-node#275). */
export const urlRequired = (): VoiceApiError =>
  new VoiceApiError(
    400,
    21205,
    'Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml',
  );

/** 21205 "Invalid URL", with Twilio's message shape "Url is not a valid URL: …". */
export const invalidUrl = (name: string, value: string): VoiceApiError =>
  new VoiceApiError(400, 21205, `${name} is not a valid URL: ${value}`);

/** 21218 "Invalid ApplicationSid". */
export const invalidApplicationSid = (): VoiceApiError => new VoiceApiError(400, 21218, 'Invalid ApplicationSid');

/** 32018 "Twiml size exceeded maximum allowed value of 4000 characters". */
export const twimlTooLong = (max: number): VoiceApiError =>
  new VoiceApiError(400, 32018, `Twiml size exceeded maximum allowed value of ${max} characters`);

/** 21220 "Invalid call state": a realtime operation (redirect, hang-up) on a call that has ended. */
export const callNotInProgress = (action: string): VoiceApiError =>
  new VoiceApiError(400, 21220, `Call is not in-progress. Cannot ${action}.`);
