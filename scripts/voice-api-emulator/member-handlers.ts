/**
 * Endpoints of /2010-04-01/Accounts/{AccountSid}/Queues/{QueueSid}/Members.json and
 * /Members/{CallSid}.json, where CallSid may be the literal `Front` (the head of the queue).
 *
 * Check order: queue exists (404), input valid (400), then the member (404 for an empty queue or a call
 * that is not in it).
 */
import { invalidParameter, missingParameter, notFound } from './errors';
import { readMethod, readPageQuery, readUrl } from './params';
import { pageOf } from './pagination';
import { membersUri, renderMember } from './render';
import { requireQueue } from './queue-handlers';
import { accountOf, type Deps, type Handler, type RouteParams, type VoiceRequest } from './routing';
import type { MemberRecord, QueueRecord } from './store';

/** Members front first; `position` counts from 1 across the whole queue, not the page. */
export const listMembers: Handler = (request, params, deps) => {
  const queue = requireQueue(request, params, deps);
  const page = readPageQuery(request.query);
  const positions = new Map(queue.members.map((member, index) => [member, index + 1]));
  const { entries, envelope } = pageOf(
    queue.members,
    (member) => member.seq,
    true,
    page,
    membersUri(accountOf(params), queue.sid),
    [],
  );
  const now = deps.now();
  return {
    status: 200,
    body: {
      queue_members: entries.map((member) =>
        renderMember(accountOf(params), queue, member, positions.get(member) ?? 0, now),
      ),
      ...envelope,
    },
  };
};

export const fetchMember: Handler = (request, params, deps) => {
  const queue = requireQueue(request, params, deps);
  const member = requireMember(request, params, deps, queue);
  return {
    status: 200,
    body: renderMember(accountOf(params), queue, member, deps.store.positionOf(queue, member), deps.now()),
  };
};

/**
 * Dequeue: the member leaves the queue and its call runs the TwiML at Url (Method, default POST).
 * The response describes the member as it was just before leaving, as in the spec's example.
 * GUESS: a missing Url is 400 / 20001 and a bad Method 400 / 20001; a bad Url is 21205 "Invalid URL".
 */
export const updateMember: Handler = (request, params, deps) => {
  const queue = requireQueue(request, params, deps);
  const url = readUrl(request.form, 'Url');
  if (url === undefined) throw missingParameter('Url');
  const method = readMethod(request.form, 'Method', 'POST', invalidParameter) ?? 'POST';
  const member = requireMember(request, params, deps, queue);
  const body = renderMember(accountOf(params), queue, member, deps.store.positionOf(queue, member), deps.now());
  deps.store.dequeue(queue, member, url, method);
  return { status: 200, body };
};

function requireMember(request: VoiceRequest, params: RouteParams, deps: Deps, queue: QueueRecord): MemberRecord {
  const member = deps.store.findMember(queue, params.call ?? '');
  if (!member) throw notFound(request.path);
  return member;
}
