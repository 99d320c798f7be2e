import { withQuery } from './webhook-url';

/**
 * One of our Twilio callback URLs and the parameters it carries in its query string. The
 * signature check must know which parameters came from the query (they are part of the signed
 * URL) and which from the body, so a Function declares its route and URLs are only built here.
 */
export interface TwilioRoute<K extends string = string> {
  readonly path: string;
  readonly queryKeys: readonly K[];
  /** Relative, for TwiML (Twilio resolves it against the URL it just called); sorted keys, so the signed URL can be rebuilt. */
  url(query?: Partial<Record<K, string | number>>): string;
}

function route<K extends string = never>(path: string, queryKeys: readonly K[] = []): TwilioRoute<K> {
  return { path, queryKeys, url: (query = {}) => withQuery(path, query) };
}

/**
 * Every Twilio callback, in the order a call meets them:
 *   incoming ─▶ (ring) whisper ─▶ whisper-accept ─▶ dial-result ─▶ status
 *            ├▶ (each agent leg) agent-status
 *            ├▶ (queue) queue-wait ─▶ queue-bridge / queue-result
 *            └▶ (no one) voicemail-done, recording, transcription
 *   click-to-call: outbound-whisper ─▶ outbound-accept ─▶ outbound-result, customer-status
 *   from the browser: softphone-outbound ─▶ outbound-result, customer-status
 */
export const ROUTES = {
  /** A number's Voice URL, or a Studio flow's hand-over. */
  incoming: route('/voice/incoming', ['languageKey', 'preferAgent', 'hours']),
  dialResult: route('/voice/dial-result'),
  whisper: route('/voice/whisper', ['agentId', 'callId']),
  whisperAccept: route('/voice/whisper-accept', ['agentId', 'callId']),
  /** The number's status callback: the whole call. */
  status: route('/voice/status'),
  /** An agent's leg of a ring, or a queue offer. */
  agentStatus: route('/voice/agent-status', ['agentId', 'callId']),
  voicemailDone: route('/voice/voicemail-done', ['callId']),
  recording: route('/voice/recording', ['callId']),
  transcription: route('/voice/transcription', ['callId']),
  queueWait: route('/voice/queue-wait', ['callId']),
  queueResult: route('/voice/queue-result', ['callId']),
  queueBridge: route('/voice/queue-bridge', ['agentId', 'callId']),
  outboundWhisper: route('/voice/outbound-whisper', ['agentId', 'customer']),
  outboundAccept: route('/voice/outbound-accept', ['agentId', 'customer']),
  outboundResult: route('/voice/outbound-result', ['callId']),
  /** The TwiML App's Voice URL: a call the Voice SDK places from the agent's browser. */
  softphoneOutbound: route('/voice/softphone-outbound'),
  /** A click-to-call's customer leg: answered. */
  customerStatus: route('/voice/customer-status', ['callId']),
} as const;
