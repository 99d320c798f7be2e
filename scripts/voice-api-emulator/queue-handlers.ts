/** Endpoints of /2010-04-01/Accounts/{AccountSid}/Queues.json and /Queues/{Sid}.json. */
import { TwilioApiError, invalidParameter, missingParameter, notFound } from './errors';
import { optional, readInteger, readPageQuery } from './params';
import { pageOf } from './pagination';
import { queuesUri, renderQueue } from './render';
import { accountOf, type Deps, type Handler, type RouteParams, type VoiceRequest } from './routing';
import { ENQUEUE_DEFAULT_MAX_SIZE, MAX_QUEUE_NAME_CHARS, MAX_QUEUE_SIZE, type QueueRecord } from './store';

/**
 * <Enqueue> finds queues by friendly name, so two queues with one name could not both be reached. GUESS:
 * Twilio's code for a duplicate name is not documented; the emulator answers 400 / 20001.
 */
const duplicateName = (name: string): TwilioApiError =>
  invalidParameter(`A queue with FriendlyName ${JSON.stringify(name)} already exists`);

export const createQueue: Handler = (request, params, deps) => {
  const friendlyName = optional(request.form, 'FriendlyName');
  if (friendlyName === undefined) throw missingParameter('FriendlyName');
  checkName(friendlyName);
  const maxSize = readInteger(request.form, 'MaxSize', 1, MAX_QUEUE_SIZE) ?? ENQUEUE_DEFAULT_MAX_SIZE;
  if (deps.store.findQueueByName(friendlyName)) throw duplicateName(friendlyName);
  const queue = deps.store.createQueue(friendlyName, maxSize);
  return { status: 201, body: renderQueue(accountOf(params), queue, deps.now()) };
};

export const fetchQueue: Handler = (request, params, deps) => ({
  status: 200,
  body: renderQueue(accountOf(params), requireQueue(request, params, deps), deps.now()),
});

export const updateQueue: Handler = (request, params, deps) => {
  const queue = requireQueue(request, params, deps);
  const friendlyName = optional(request.form, 'FriendlyName');
  if (friendlyName !== undefined) {
    checkName(friendlyName);
    const holder = deps.store.findQueueByName(friendlyName);
    if (holder && holder !== queue) throw duplicateName(friendlyName);
  }
  const maxSize = readInteger(request.form, 'MaxSize', 1, MAX_QUEUE_SIZE);
  deps.store.updateQueue(queue, {
    ...(friendlyName === undefined ? {} : { friendlyName }),
    ...(maxSize === undefined ? {} : { maxSize }),
  });
  return { status: 200, body: renderQueue(accountOf(params), queue, deps.now()) };
};

/** GUESS: deleting a queue that still holds callers is refused (400 / 20001), so no caller is lost silently. */
export const deleteQueue: Handler = (request, params, deps) => {
  const queue = requireQueue(request, params, deps);
  if (queue.members.length > 0) {
    throw invalidParameter(`Queue ${queue.sid} still has ${queue.members.length} member(s); dequeue them first`);
  }
  deps.store.deleteQueue(queue);
  return { status: 204 };
};

/** Queues in creation order. */
export const listQueues: Handler = (request, params, deps) => {
  const page = readPageQuery(request.query);
  const { entries, envelope } = pageOf(
    deps.store.listQueues(),
    (queue) => queue.seq,
    true,
    page,
    queuesUri(accountOf(params)),
    [],
  );
  const now = deps.now();
  const queues = entries.map((queue) => renderQueue(accountOf(params), queue, now));
  return { status: 200, body: { queues, ...envelope } };
};

export function requireQueue(request: VoiceRequest, params: RouteParams, deps: Deps): QueueRecord {
  const queue = deps.store.getQueue(params.queue ?? '');
  if (!queue) throw notFound(request.path);
  return queue;
}

function checkName(name: string): void {
  if ([...name].length > MAX_QUEUE_NAME_CHARS) {
    throw invalidParameter(`FriendlyName must be at most ${MAX_QUEUE_NAME_CHARS} characters long`);
  }
}
