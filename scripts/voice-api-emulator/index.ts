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
