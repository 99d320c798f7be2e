/**
 * Embedded Twilio Voice REST API emulator (api.twilio.com 2010-04-01: Calls, Queues, Queue Members) for
 * local runs and tests. The official `twilio` client talks to it unchanged once its request URIs are
 * pointed at `url`, e.g. with a `twilio.RequestClient` subclass passed as the `httpClient` option that
 * rewrites `https://api.twilio.com` to `emulator.url` (see test/voice-api-emulator/twilio-client.test.ts).
 *
 * It runs no TwiML. It records what the product asked for (calls with their instructions, callbacks and
 * CPS slots; redirects; dequeues), and a test or call simulator plays the calls: it posts the webhooks
 * itself and moves calls along with setCallStatus, enqueue and leaveQueue.
 *
 *   const voice = await startVoiceApiEmulator({ credentials: { username: accountSid, password: authToken } });
 *   voice.onCallCreated((call) => ...);   // call.url, call.statusCallback, call.startAt ...
 *   await voice.close();
 *
 * A simulator in another process (the call simulator against `npm start`) gets the same moves over a
 * small control API, JSON on the same loopback port, outside Twilio's paths, with the same Basic auth:
 *
 *   GET    /_emulator/calls                    { calls: EmulatedCall[] } in creation order (url, method,
 *                                              twiml, statusCallback, statusCallbackEvents, timeout,
 *                                              direction, startAt, updates …, as calls() gives them)
 *   GET    /_emulator/calls/{sid}              one EmulatedCall
 *   POST   /_emulator/calls/{sid}/status       { "status": "in-progress", "duration"?: 12 }   setCallStatus
 *   POST   /_emulator/inbound-calls            { "from": "+1…", "to": "+1…", "status"?: "ringing" } → 201
 *                                              addInboundCall; the body is the new call (its sid)
 *   GET    /_emulator/queues                   { queues: QueueSnapshot[] }
 *   POST   /_emulator/queues/{name}/members    { "callSid": "CA…", "maxSize"?: n }   enqueue (maxSize sizes a new queue); the queue (409 when full)
 *   DELETE /_emulator/queue-members/{callSid}  leaveQueue → 204
 *   GET    /_emulator/dequeues                 { dequeues: DequeueEvent[] } every REST dequeue so far
 *   POST   /_emulator/recordings               { "mp3"?: base64, "wav"?: base64 } → 201 { sid, url }   addRecording
 *
 * Recording media is served as Twilio serves it: GET /2010-04-01/Accounts/{Sid}/Recordings/{Sid}.mp3 (or .wav).
 *
 * Misuse (a bad body, an impossible status move) answers 400 / 20001, an unknown call 404 / 20404, in
 * Twilio's error body shape. See control.ts.
 */
export { startVoiceApiEmulator } from './server';
export { QueueFullError } from './store';
export type {
  CallStatus,
  DequeueEvent,
  EmulatedCall,
  FormParams,
  InboundCallInput,
  QueueSnapshot,
  VoiceApiEmulator,
  VoiceApiEmulatorOptions,
  VoiceApiStats,
} from './types';
export type { TwilioErrorBody } from './errors';
