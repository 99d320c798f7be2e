/** Reading and validating form fields and query parameters, mapped to Twilio's error codes. */
import { readPageQuery as readPaging, type PageQuery, type PageSizeLimits } from '../twilio-emulator-kit/page-query';
import { TwilioApiError, invalidApplicationSid, invalidParameter, invalidUrl, twimlTooLong } from './errors';
import { isSid } from './sids';
import type { FormParams } from './types';

export const MAX_TWIML_CHARS = 4000;
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 600;
/** The 2010 API's documented paging: 50 by default, at most 1000. */
const PAGE_SIZES: PageSizeLimits = { defaultPageSize: 50, maxPageSize: 1000 };
export const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/**
 * 21200 "Calls Resource" is Twilio's catch-all for a bad Calls request; its page lists unsupported
 * method values and bad callback URLs among the causes. Used where no more specific code is known.
 */
export const invalidCallParameter = (message: string): TwilioApiError => new TwilioApiError(400, 21200, message);

/** All form fields as sent; names sent more than once keep every value, in order. */
export function formParams(form: URLSearchParams): FormParams {
  const params: FormParams = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    params[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return params;
}

/** A field's value, with an empty string read as absent (the client sends `To=` for `to: ''`). */
export function optional(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  return value === null || value === '' ? undefined : value;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const CLIENT = /^client:[A-Za-z0-9_.\-@]{1,256}$/;
const SIP = /^sips?:[^\s@]+@[^\s@]+$/i;
const SIM = /^sim:DE[0-9a-fA-F]{32}$/;

export function isPhoneNumber(value: string): boolean {
  return E164.test(value);
}

/** To: an E.164 number, `client:name`, a `sip:user@host` address or `sim:DE…`. */
export function isCallableEndpoint(value: string): boolean {
  return E164.test(value) || CLIENT.test(value) || SIP.test(value) || SIM.test(value);
}

/**
 * From: an E.164 number or `client:name`. The spec: "If the `to` parameter is a phone number, `From`
 * must also be a phone number"; towards a client or SIP address any caller id without spaces is accepted.
 */
export function isValidFrom(from: string, to: string): boolean {
  if (E164.test(to)) return E164.test(from);
  return E164.test(from) || CLIENT.test(from) || /^\S{1,256}$/.test(from);
}

/** An absolute http(s) URL with a host. Twilio also wants it public; the emulator accepts loopback. */
export function readUrl(form: URLSearchParams, name: string, error = invalidUrl): string | undefined {
  const value = optional(form, name);
  if (value === undefined) return undefined;
  if (!isHttpUrl(value)) throw error(name, value);
  return value;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** GET or POST (any case, stored upper-case); `fallback` when absent. */
export function readMethod(
  form: URLSearchParams,
  name: string,
  fallback: 'GET' | 'POST' | undefined,
  error: (message: string) => TwilioApiError = invalidCallParameter,
): string | undefined {
  const value = optional(form, name);
  if (value === undefined) return fallback;
  const upper = value.toUpperCase();
  if (upper !== 'GET' && upper !== 'POST') throw error(`${name} must be GET or POST, not ${value}`);
  return upper;
}

export function readTwiml(form: URLSearchParams): string | undefined {
  const twiml = optional(form, 'Twiml');
  if (twiml !== undefined && [...twiml].length > MAX_TWIML_CHARS) throw twimlTooLong(MAX_TWIML_CHARS);
  return twiml;
}

export function readApplicationSid(form: URLSearchParams): string | undefined {
  const sid = optional(form, 'ApplicationSid');
  if (sid !== undefined && !isSid('AP', sid)) throw invalidApplicationSid();
  return sid;
}

/**
 * StatusCallbackEvent, sent once per event (the client's repeat format); a space-separated list in one
 * field is accepted too. Undefined when absent.
 */
export function readStatusCallbackEvents(form: URLSearchParams): string[] | undefined {
  const raw = form.getAll('StatusCallbackEvent');
  if (raw.length === 0) return undefined;
  const events = raw.flatMap((value) => value.split(/\s+/)).filter((value) => value !== '');
  const allowed: readonly string[] = STATUS_CALLBACK_EVENTS;
  for (const event of events) {
    if (!allowed.includes(event)) {
      const expected = STATUS_CALLBACK_EVENTS.join(', ');
      throw invalidCallParameter(`StatusCallbackEvent must be one of: ${expected}; got ${event}`);
    }
  }
  return [...new Set(events)];
}

/** Timeout in whole seconds, 1 to 600 (Twilio's documented maximum), default 60. */
export function readTimeout(form: URLSearchParams): number {
  const raw = optional(form, 'Timeout');
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw invalidCallParameter(`Timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return seconds;
}

export function readMachineDetection(form: URLSearchParams): string | undefined {
  const value = optional(form, 'MachineDetection');
  if (value !== undefined && value !== 'Enable' && value !== 'DetectMessageEnd') {
    throw invalidCallParameter('MachineDetection must be Enable or DetectMessageEnd');
  }
  return value;
}

/** A whole number within bounds (Queue MaxSize); undefined when absent. */
export function readInteger(form: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = optional(form, name);
  if (raw === undefined) return undefined;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalidParameter(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

export type { PageQuery };

export function readPageQuery(query: URLSearchParams): PageQuery {
  return readPaging(query, PAGE_SIZES);
}
