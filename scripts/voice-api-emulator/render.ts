/**
 * JSON resources exactly as the spec's `api.v2010.account.call`, `api.v2010.account.queue` and
 * `api.v2010.account.queue.member` schemas name them: every declared property, null when empty. As in
 * the 2010 API, `uri` values are relative to https://api.twilio.com and dates are RFC 2822.
 */
import { rfc2822 } from './dates';
import type { CallRecord, MemberRecord, QueueRecord } from './store';
import type { CallStatus } from './types';

export const API_VERSION = '2010-04-01';

export function accountUri(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}`;
}

export const callsUri = (accountSid: string): string => `${accountUri(accountSid)}/Calls.json`;
export const queuesUri = (accountSid: string): string => `${accountUri(accountSid)}/Queues.json`;
export const membersUri = (accountSid: string, queueSid: string): string =>
  `${accountUri(accountSid)}/Queues/${queueSid}/Members.json`;

export interface CallResource {
  sid: string;
  date_created: string;
  date_updated: string;
  parent_call_sid: string | null;
  account_sid: string;
  to: string;
  to_formatted: string;
  from: string;
  from_formatted: string;
  phone_number_sid: string | null;
  status: CallStatus;
  start_time: string | null;
  end_time: string | null;
  duration: string | null;
  price: string | null;
  price_unit: string;
  direction: string;
  answered_by: string | null;
  api_version: string;
  forwarded_from: string | null;
  group_sid: string | null;
  caller_name: string | null;
  queue_time: string;
  trunk_sid: string | null;
  uri: string;
  subresource_uris: Record<string, string>;
}

export interface QueueResource {
  date_updated: string;
  current_size: number;
  friendly_name: string;
  uri: string;
  account_sid: string;
  average_wait_time: number;
  sid: string;
  date_created: string;
  max_size: number;
}

export interface MemberResource {
  call_sid: string;
  date_enqueued: string;
  position: number;
  uri: string;
  wait_time: number;
  queue_sid: string;
}

/** The sub-resources the spec's examples list for a call, in their order. */
const CALL_SUBRESOURCES: ReadonlyArray<[string, string]> = [
  ['notifications', 'Notifications'],
  ['recordings', 'Recordings'],
  ['payments', 'Payments'],
  ['events', 'Events'],
  ['siprec', 'Siprec'],
  ['streams', 'Streams'],
  ['transcriptions', 'Transcriptions'],
  ['user_defined_message_subscriptions', 'UserDefinedMessageSubscriptions'],
  ['user_defined_messages', 'UserDefinedMessages'],
];

/**
 * The account comes from the request path (checked against the credentials), so resource URIs always
 * name the account the client asked through.
 */
export function renderCall(accountSid: string, call: CallRecord): CallResource {
  const base = `${accountUri(accountSid)}/Calls/${call.sid}`;
  return {
    sid: call.sid,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(call.updatedAt),
    parent_call_sid: null,
    account_sid: accountSid,
    to: call.to,
    to_formatted: formatForDisplay(call.to),
    from: call.from,
    from_formatted: formatForDisplay(call.from),
    phone_number_sid: null,
    status: call.status,
    start_time: call.startedAt === null ? null : rfc2822(call.startedAt),
    end_time: call.endedAt === null ? null : rfc2822(call.endedAt),
    duration: call.duration === null ? null : String(call.duration),
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    // "The wait time in milliseconds before the call is placed": here, the CPS pacing delay.
    queue_time: String(call.startAt - call.createdAt),
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: Object.fromEntries(CALL_SUBRESOURCES.map(([key, name]) => [key, `${base}/${name}.json`])),
  };
}

export function renderQueue(accountSid: string, queue: QueueRecord, now: number): QueueResource {
  const waits = queue.members.map((member) => waitSeconds(member, now));
  const average = waits.length === 0 ? 0 : Math.floor(waits.reduce((sum, wait) => sum + wait, 0) / waits.length);
  return {
    date_updated: rfc2822(queue.updatedAt),
    current_size: queue.members.length,
    friendly_name: queue.friendlyName,
    uri: `${accountUri(accountSid)}/Queues/${queue.sid}.json`,
    account_sid: accountSid,
    average_wait_time: average,
    sid: queue.sid,
    date_created: rfc2822(queue.createdAt),
    max_size: queue.maxSize,
  };
}

export function renderMember(
  accountSid: string,
  queue: QueueRecord,
  member: MemberRecord,
  position: number,
  now: number,
): MemberResource {
  return {
    call_sid: member.callSid,
    date_enqueued: rfc2822(member.enqueuedAt),
    position,
    uri: `${accountUri(accountSid)}/Queues/${queue.sid}/Members/${member.callSid}.json`,
    wait_time: waitSeconds(member, now),
    queue_sid: queue.sid,
  };
}

function waitSeconds(member: MemberRecord, now: number): number {
  return Math.max(0, Math.floor((now - member.enqueuedAt) / 1000));
}

/** North American numbers as "(415) 867-5309", the way the spec's examples show them; others unchanged. */
function formatForDisplay(endpoint: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(endpoint);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : endpoint;
}
