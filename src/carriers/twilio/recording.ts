import type { Recording } from '../../calls/call-transitions';
import { wholeSeconds } from './webhook-params';
import { optionalString, type Params } from '../../runtime/params';

/** Twilio transcribes recordings of 2 to 120 seconds only; outside that no transcript will follow. */
const TRANSCRIBABLE = { min: 2, max: 120 };

/** A recording from Twilio's callback parameters (RecordingSid, RecordingDuration) of a message we asked Twilio to transcribe. */
export function twilioRecording(params: Params, url: string): Recording {
  const durationSeconds = wholeSeconds(params, 'RecordingDuration');
  const transcribing = durationSeconds !== null && durationSeconds >= TRANSCRIBABLE.min && durationSeconds <= TRANSCRIBABLE.max;
  return { url, sid: optionalString(params, 'RecordingSid') ?? null, durationSeconds, transcribing };
}
