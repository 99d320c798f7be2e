/**
 * Endpoints of /2010-04-01/Accounts/{AccountSid}/Calls.json and /Calls/{Sid}.json.
 *
 * The emulator runs no TwiML: it records what was asked (instructions, callbacks, CPS slot) so a test or
 * a call simulator can play the call by posting webhooks and moving it with setCallStatus.
 */
import { isFinal, isCallStatus } from './call-status';
import { utcDay } from './dates';
import {
  TwilioApiError,
  callNotInProgress,
  invalidFrom,
  invalidParameter,
  invalidTo,
  noFromNumber,
  noToNumber,
  notFound,
  urlRequired,
} from './errors';
import {
  formParams,
  invalidCallParameter,
  isCallableEndpoint,
  isValidFrom,
  optional,
  readApplicationSid,
  readMachineDetection,
  readMethod,
  readPageQuery,
  readStatusCallbackEvents,
  readTimeout,
  readTwiml,
  readUrl,
} from './params';
import { pageOf } from './pagination';
import { callsUri, renderCall } from './render';
import { accountOf, type Deps, type Handler, type RouteParams, type VoiceRequest } from './routing';
import type { CallChange, CallRecord } from './store';

/** Callback URLs are not the call's own instructions, so a bad one is a 21200, not a 21205 (GUESS). */
const invalidCallbackUrl = (name: string, value: string): TwilioApiError =>
  invalidCallParameter(`${name} is not a valid URL: ${value}`);

/**
 * CreateCall. Precedence as documented: ApplicationSid makes Url, Method, StatusCallback… ignored, and
 * Url makes Twiml ignored. Every given value is still validated.
 */
export const createCall: Handler = (request, params, deps) => {
  const { form } = request;
  const to = optional(form, 'To');
  if (to === undefined) throw noToNumber();
  const from = optional(form, 'From');
  if (from === undefined) throw noFromNumber();
  if (!isCallableEndpoint(to)) throw invalidTo(to);
  if (!isValidFrom(from, to)) throw invalidFrom(from);

  const applicationSid = readApplicationSid(form);
  const url = readUrl(form, 'Url');
  const twiml = readTwiml(form);
  if (applicationSid === undefined && url === undefined && twiml === undefined) throw urlRequired();
  const method = readMethod(form, 'Method', 'POST') ?? 'POST';
  readUrl(form, 'FallbackUrl', invalidCallbackUrl);
  readMethod(form, 'FallbackMethod', undefined);
  const statusCallback = readUrl(form, 'StatusCallback', invalidCallbackUrl);
  const events = readStatusCallbackEvents(form);
  const statusCallbackMethod = readMethod(form, 'StatusCallbackMethod', 'POST') ?? 'POST';
  const timeout = readTimeout(form);
  const machineDetection = readMachineDetection(form);
  const callerId = optional(form, 'CallerId');

  const viaApplication = applicationSid !== undefined;
  const callback = viaApplication ? null : (statusCallback ?? null);
  const call = deps.store.createCall({
    accountSid: accountOf(params),
    to,
    from,
    url: viaApplication ? null : (url ?? null),
    method,
    twiml: viaApplication || url !== undefined ? null : (twiml ?? null),
    applicationSid: applicationSid ?? null,
    statusCallback: callback,
    // "If no event is specified, we send the completed status."
    statusCallbackEvents: callback === null ? [] : (events ?? ['completed']),
    statusCallbackMethod,
    timeout,
    ...(callerId === undefined ? {} : { callerId }),
    ...(machineDetection === undefined ? {} : { machineDetection }),
    params: formParams(form),
  });
  return { status: 201, body: renderCall(accountOf(params), call) };
};

export const fetchCall: Handler = (request, params, deps) => ({
  status: 200,
  body: renderCall(accountOf(params), requireCall(request, params, deps)),
});

/**
 * UpdateCall. `Status=canceled` hangs up a queued or ringing call and leaves one in progress alone;
 * `Status=completed` hangs up in any live state (a call not yet answered then ends as canceled). A
 * redirect (Url or Twiml, mutually exclusive per the spec) needs a call in progress: 21220 otherwise,
 * as does any Status on a call that has already ended. With Status, Url and Twiml are not applied.
 */
export const updateCall: Handler = (request, params, deps) => {
  const call = requireCall(request, params, deps);
  const { form } = request;
  const url = readUrl(form, 'Url');
  const twiml = readTwiml(form);
  if (url !== undefined && twiml !== undefined) throw invalidCallParameter('Url and Twiml are mutually exclusive');
  const method = readMethod(form, 'Method', undefined);
  readUrl(form, 'FallbackUrl', invalidCallbackUrl);
  readMethod(form, 'FallbackMethod', undefined);
  const statusCallback = readUrl(form, 'StatusCallback', invalidCallbackUrl);
  const statusCallbackMethod = readMethod(form, 'StatusCallbackMethod', undefined);
  const status = optional(form, 'Status');
  if (status !== undefined && status !== 'canceled' && status !== 'completed') {
    throw invalidCallParameter(`Status must be canceled or completed, not ${status}`);
  }

  const change: CallChange = {};
  if (status !== undefined) {
    if (isFinal(call.status)) throw callNotInProgress('hang up');
    change.hangUp = status;
  } else if (url !== undefined || twiml !== undefined) {
    if (call.status !== 'in-progress') throw callNotInProgress('redirect');
    if (url !== undefined) change.url = url;
    if (twiml !== undefined) change.twiml = twiml;
  }
  if (method !== undefined) change.method = method;
  if (statusCallback !== undefined) change.statusCallback = statusCallback;
  if (statusCallbackMethod !== undefined) change.statusCallbackMethod = statusCallbackMethod;
  deps.store.updateCall(call, change, formParams(form));
  return { status: 200, body: renderCall(accountOf(params), call) };
};

const DAY = /^\d{4}-\d\d-\d\d$/;

/**
 * ListCall: newest first, filtered by To, From, Status, ParentCallSid and the StartTime/EndTime date
 * filters (`X` on that UTC day, `X<` before, `X>` on or after; a full date-time compares the instant).
 */
export const listCalls: Handler = (request, params, deps) => {
  const { query } = request;
  const page = readPageQuery(query);
  const filters: Array<[string, string]> = [];
  const predicates: Array<(call: CallRecord) => boolean> = [];

  for (const name of ['To', 'From'] as const) {
    const value = query.get(name);
    if (value === null) continue;
    filters.push([name, value]);
    predicates.push((call) => (name === 'To' ? call.to : call.from) === value);
  }
  const status = query.get('Status');
  if (status !== null) {
    if (!isCallStatus(status)) throw invalidParameter(`Status is not a call status: ${status}`);
    filters.push(['Status', status]);
    predicates.push((call) => call.status === status);
  }
  const parent = query.get('ParentCallSid');
  if (parent !== null) {
    filters.push(['ParentCallSid', parent]);
    predicates.push(() => false); // the emulator creates no child legs
  }
  for (const [field, at] of [
    ['StartTime', (call: CallRecord) => call.startedAt],
    ['EndTime', (call: CallRecord) => call.endedAt],
  ] as const) {
    for (const suffix of ['', '<', '>'] as const) {
      const value = query.get(field + suffix);
      if (value === null) continue;
      filters.push([field + suffix, value]);
      predicates.push(dateFilter(field + suffix, value, suffix, at));
    }
  }

  const ordered = deps.store
    .listCalls()
    .filter((call) => predicates.every((predicate) => predicate(call)))
    .reverse();
  const { entries, envelope } = pageOf(ordered, (call) => call.seq, false, page, callsUri(accountOf(params)), filters);
  return { status: 200, body: { calls: entries.map((call) => renderCall(accountOf(params), call)), ...envelope } };
};

function dateFilter(
  name: string,
  value: string,
  suffix: '' | '<' | '>',
  at: (call: CallRecord) => number | null,
): (call: CallRecord) => boolean {
  const instant = Date.parse(DAY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(instant)) throw invalidParameter(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
  return (call) => {
    const time = at(call);
    if (time === null) return false;
    if (suffix === '<') return time < instant;
    if (suffix === '>') return time >= instant;
    return DAY.test(value) ? utcDay(time) === value : time === instant;
  };
}

export function requireCall(request: VoiceRequest, params: RouteParams, deps: Deps): CallRecord {
  const call = deps.store.getCall(params.call ?? '');
  if (!call) throw notFound(request.path);
  return call;
}
