import twilio from 'twilio';

/**
 * Who is on the line when Twilio asks us about a call we hold no record of (its map expired,
 * another system placed it on our number, the local store was wiped), and so what they hear.
 * Each is answered 200: any 4xx or 5xx makes Twilio speak "an application error has occurred"
 * and drop the leg, which is the one thing nobody on a live call should hear.
 */
export type UnknownCallAnswer =
  /** The caller's own leg (a Dial's action, the queue's wait or exit, the voicemail's end): we cannot route them, so we say so and end the call rather than leave them in silence. */
  | 'caller-leg'
  /** An agent's leg (a whisper, a press of 1, a click-to-call's agent): the call they were offered is gone, and they should know why their phone goes quiet. */
  | 'agent-leg'
  /** A caller the queue is handing to an agent who accepted: an empty answer lets Twilio connect them; hanging up would drop a conversation both sides want. */
  | 'bridge'
  /** Status, recording and transcription callbacks: Twilio ignores the answer; a 2xx keeps its debugger free of failures that are nobody's to fix. */
  | 'ignored';

const CALLER_GOODBYE = 'Sorry, we cannot take your call right now. Please try again later. Goodbye.';
const AGENT_GOODBYE = 'This call has already ended. Goodbye.';

export function renderUnknownCall(answer: UnknownCallAnswer): twilio.twiml.VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  if (answer === 'caller-leg' || answer === 'agent-leg') {
    response.say(answer === 'caller-leg' ? CALLER_GOODBYE : AGENT_GOODBYE);
    response.hangup();
  }
  return response;
}
