/**
 * 2010-04-01 IncomingPhoneNumbers, what wiring a number to a flow needs: list (filtered by PhoneNumber
 * or FriendlyName), fetch, and update of the voice settings.
 */
import { invalidParameter, notFound } from './errors';
import { legacyPage } from './pagination';
import { phoneNumbersUri, renderPhoneNumber } from './render';
import { formRecord, optional, type Deps, type EmulatorRequest, type Handler, type RouteParams } from './routing';
import { isSid } from './sids';
import type { PhoneNumberRecord } from './store';

/**
 * PhoneNumber: "You can specify partial numbers and use '*' as a wildcard for any digit" (the spec).
 * Read here as: the pattern may match anywhere in the E.164 number (UNCONFIRMED: prefix or anywhere).
 */
export const listPhoneNumbers: Handler = (request, params, deps) => {
  const pattern = request.query.get('PhoneNumber');
  const friendlyName = request.query.get('FriendlyName');
  const matcher = pattern === null ? undefined : numberPattern(pattern);
  const found = deps.store
    .listPhoneNumbers()
    .filter((n) => (matcher ? matcher.test(n.phoneNumber) : true) && (friendlyName === null || n.friendlyName === friendlyName));
  const filters: Array<[string, string]> = [];
  if (friendlyName !== null) filters.push(['FriendlyName', friendlyName]);
  if (pattern !== null) filters.push(['PhoneNumber', pattern]);
  const account = params.account ?? '';
  return {
    status: 200,
    body: legacyPage(found, request.query, phoneNumbersUri(account), filters, 'incoming_phone_numbers', (n) => renderPhoneNumber(account, n)),
  };
};

export const fetchPhoneNumber: Handler = (request, params, deps) => ({
  status: 200,
  body: renderPhoneNumber(params.account ?? '', requireNumber(request, params, deps)),
});

export const updatePhoneNumber: Handler = (request, params, deps) => {
  const number = requireNumber(request, params, deps);
  const voiceUrl = request.form.has('VoiceUrl') ? readUrl(request.form.get('VoiceUrl') ?? '') : undefined;
  const voiceMethod = readMethod(optional(request.form, 'VoiceMethod'));
  const applicationSid = request.form.has('VoiceApplicationSid') ? readApplicationSid(request.form.get('VoiceApplicationSid') ?? '') : undefined;
  const friendlyName = optional(request.form, 'FriendlyName');
  deps.store.counters.phoneNumberUpdates += 1;
  deps.store.updatePhoneNumber(
    number,
    {
      ...(voiceUrl === undefined ? {} : { voiceUrl }),
      ...(voiceMethod === undefined ? {} : { voiceMethod }),
      ...(applicationSid === undefined ? {} : { voiceApplicationSid: applicationSid }),
      ...(friendlyName === undefined ? {} : { friendlyName }),
    },
    formRecord(request.form),
  );
  return { status: 200, body: renderPhoneNumber(params.account ?? '', number) };
};

function requireNumber(request: EmulatorRequest, params: RouteParams, deps: Deps): PhoneNumberRecord {
  const number = deps.store.getPhoneNumber(params.number ?? '');
  if (!number) throw notFound(request.path);
  return number;
}

function numberPattern(pattern: string): RegExp {
  const source = [...pattern].map((c) => (c === '*' ? '\\d' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(source);
}

/** An empty VoiceUrl clears it; anything else must be an absolute http(s) URL (GUESS: 400 / 20001 otherwise). */
function readUrl(value: string): string | null {
  if (value === '') return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return value;
  } catch {
    // fall through
  }
  throw invalidParameter(`VoiceUrl is not a valid URL: ${value}`);
}

function readMethod(value: string | undefined): 'GET' | 'POST' | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper !== 'GET' && upper !== 'POST') throw invalidParameter(`VoiceMethod must be GET or POST, not ${value}`);
  return upper;
}

/** An empty VoiceApplicationSid clears it. */
function readApplicationSid(value: string): string | null {
  if (value === '') return null;
  if (!isSid('AP', value)) throw invalidParameter(`VoiceApplicationSid is not an application SID: ${value}`);
  return value;
}
