/**
 * The HTTP face of the emulator: auth, body parsing, the route table, and Twilio-shaped responses,
 * plus the in-process API a test or call simulator uses to play calls.
 */
import { authenticate } from '../twilio-emulator-kit/basic-auth';
import { readApiRequest, serveJson, type BodyLimit } from '../twilio-emulator-kit/http-server';
import { createCall, fetchCall, listCalls, updateCall } from './call-handlers';
import { answerControl, CONTROL_PREFIX } from './control';
import { RecordingMediaStore } from './recordings';
import { assertAccount } from './auth';
import { TwilioApiError } from './errors';
import { fetchMember, listMembers, updateMember } from './member-handlers';
import { createQueue, deleteQueue, fetchQueue, listQueues, updateQueue } from './queue-handlers';
import { API_VERSION } from './render';
import { dispatch, type Deps, type Route } from './routing';
import { isSid } from './sids';
import { publicCall, queueSnapshot, VoiceStore } from './store';
import type { DequeueEvent, VoiceApiEmulator, VoiceApiEmulatorOptions } from './types';

const ACCOUNT = [API_VERSION, 'Accounts', ':account'] as const;

const ROUTES: readonly Route[] = [
  { pattern: [...ACCOUNT, 'Calls.json'], methods: { GET: listCalls, POST: createCall } },
  { pattern: [...ACCOUNT, 'Calls', ':call.json'], methods: { GET: fetchCall, POST: updateCall } },
  { pattern: [...ACCOUNT, 'Queues.json'], methods: { GET: listQueues, POST: createQueue } },
  {
    pattern: [...ACCOUNT, 'Queues', ':queue.json'],
    methods: { GET: fetchQueue, POST: updateQueue, DELETE: deleteQueue },
  },
  { pattern: [...ACCOUNT, 'Queues', ':queue', 'Members.json'], methods: { GET: listMembers } },
  {
    pattern: [...ACCOUNT, 'Queues', ':queue', 'Members', ':call.json'],
    methods: { GET: fetchMember, POST: updateMember },
  },
];

/**
 * The account of inbound calls registered by a simulator when the credentials do not name one: the
 * project's development default (README), so they match what `npm start` uses.
 */
const DEFAULT_ACCOUNT_SID = 'AC' + '0'.repeat(32);

/** A 4000-character Twiml, form-encoded, is at most ~36 KB; anything far beyond is not a Voice request. */
const MAX_BODY_BYTES = 256 * 1024;
const BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_BODY_BYTES,
  tooLarge: () => new TwilioApiError(413, 20001, `Request body larger than ${MAX_BODY_BYTES} bytes`),
};

export async function startVoiceApiEmulator(options: VoiceApiEmulatorOptions = {}): Promise<VoiceApiEmulator> {
  const now = options.now ?? Date.now;
  const username = options.credentials?.username;
  const store = new VoiceStore(
    now,
    options.callsPerSecond ?? 1,
    username !== undefined && isSid('AC', username) ? username : DEFAULT_ACCOUNT_SID,
  );
  const deps: Deps = { store, now };
  // Kept for the control API's GET /_emulator/dequeues (a simulator in another process cannot listen).
  const dequeues: DequeueEvent[] = [];
  store.onDequeue((event) => dequeues.push(event));
  const recordings = new RecordingMediaStore();

  const http = await serveJson({
    label: 'The Voice API emulator',
    host: options.host,
    port: options.port,
    answer: async (req) => {
      // Counted before anything can reject it: stats() promises every request received.
      store.counters.requests += 1;
      const credentials = authenticate(req.headers.authorization, options.credentials);
      const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
      if (path.startsWith(CONTROL_PREFIX)) return answerControl(req, path, { store, dequeues, recordings });
      const recordingAccount = RecordingMediaStore.accountOf(path);
      if (recordingAccount) {
        assertAccount(recordingAccount, credentials, path);
        return recordings.media(req.method ?? 'GET', path);
      }
      return dispatch(ROUTES, { ...(await readApiRequest(req, BODY_LIMIT)), credentials }, deps);
    },
  });

  return {
    url: http.url,
    close: () => http.close(),
    calls: () => store.listCalls().map(publicCall),
    call: (sid) => {
      const call = store.getCall(sid);
      return call && publicCall(call);
    },
    setCallStatus: (sid, status, extra) => store.setCallStatus(sid, status, extra),
    addInboundCall: (input) => publicCall(store.addInboundCall(input)),
    queues: () => store.listQueues().map(queueSnapshot),
    enqueue: (queueName, callSid, maxSize) => store.enqueue(queueName, callSid, maxSize),
    leaveQueue: (callSid) => store.leaveQueue(callSid),
    onDequeue: (listener) => store.onDequeue(listener),
    onCallCreated: (listener) => store.onCallCreated(listener),
    stats: () => ({ ...store.counters }),
    addRecording: (audio) => recordings.add(store.defaultAccountSid, audio),
  };
}
