import { randomBytes } from 'node:crypto';
import type { Proc } from './clock';
import type { SimulationContext } from './context';
import { PartyHungUp, type Leg } from './legs';
import { attrBool, attrNumber, methodOf } from './twilio-interpreter';
import type { TwimlElement } from './twiml';
import { resolveUrl } from './webhooks';

/** Bytes of stand-in audio per second spoken (not a real encoding: a recognisable pattern for byte comparisons). */
const AUDIO_BYTES_PER_SECOND = 256;

/** An MPEG frame header, then the pattern: something to attach and compare, without an audio encoder. */
export function standInAudio(seconds: number): Buffer {
  const bytes = Buffer.alloc(4 + Math.max(1, seconds) * AUDIO_BYTES_PER_SECOND);
  bytes.set([0xff, 0xfb, 0x90, 0x64]);
  for (let i = 4; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
  return bytes;
}

/** Twilio transcribes recordings of 2 to 120 seconds only. */
const TRANSCRIBABLE = { min: 2, max: 120 };

export interface RecordOutcome {
  /** The <Record action> parameters; null for an empty recording (Twilio skips the action). */
  params: Record<string, string> | null;
  callerHungUp: boolean;
}

/**
 * <Record>: the party speaks for `leaveVoicemail.seconds` (nothing, for anyone else), then the
 * recording ends by silence (`timeout`), a key (`finishOnKey`), `maxLength`, or a hang-up. The
 * recording status callback and the transcription callback follow later, as Twilio's do.
 */
export async function record(sim: SimulationContext, proc: Proc, leg: Leg, el: TwimlElement, docUrl: string): Promise<RecordOutcome> {
  const timeout = attrNumber(el, 'timeout', 5);
  const maxLength = attrNumber(el, 'maxLength', 3600);
  const finishOnKey = el.attrs.finishOnKey ?? '1234567890*#';
  const trim = (el.attrs.trim ?? 'trim-silence') === 'trim-silence';
  const events = new Set((el.attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/).filter(Boolean));
  const statusCallback = el.attrs.recordingStatusCallback ? resolveUrl(el.attrs.recordingStatusCallback, docUrl) : null;
  const plan = leg.party.behaviour.leaveVoicemail;
  // The Calls API serves the recording's audio at its RecordingUrl, as Twilio does, so a helpdesk can attach it.
  const { sid, url } = await sim.target.calls.addRecording(standInAudio(plan ? Math.min(plan.seconds, maxLength) : 0));
  const startTime = sim.timestamp();
  const recordingParams = (status: string, duration: number) => ({
    AccountSid: sim.target.accountSid,
    CallSid: leg.sid,
    RecordingSid: sid,
    RecordingUrl: url,
    RecordingStatus: status,
    RecordingDuration: String(duration),
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: startTime,
  });
  if (attrBool(el, 'playBeep', true)) sim.transcript.add({ kind: 'heard', who: leg.who, play: '(beep)' });
  if (statusCallback && events.has('in-progress')) {
    await sim.http.callback(leg, `${leg.who}'s recording status callback (in-progress)`, statusCallback, methodOf(el, 'recordingStatusCallbackMethod'), recordingParams('in-progress', 0));
  }

  const speaks = plan ? Math.min(plan.seconds, maxLength) : 0;
  const started = proc.now;
  let hungUp = false;
  let digits: string | undefined;
  try {
    if (speaks === 0) {
      // Silence from the start: the recording ends empty after `timeout` (or maxLength without one).
      await proc.sleep(timeout > 0 ? Math.min(timeout, maxLength) : maxLength);
    } else {
      await proc.sleep(speaks);
      if (speaks < maxLength) {
        if (plan?.end === 'hangup') {
          hungUp = true;
          digits = 'hangup';
        } else if (plan?.end === 'key' && finishOnKey !== '') {
          digits = finishOnKey[0];
          sim.transcript.add({ kind: 'pressed', who: leg.who, digits });
        } else {
          await proc.sleep(timeout > 0 ? Math.min(timeout, maxLength - speaks) : maxLength - speaks);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    hungUp = true;
    digits = 'hangup';
  }
  const spoken = Math.min(speaks, proc.now - started);
  const duration = Math.round(trim ? spoken : proc.now - started);
  if (spoken <= 0) {
    sim.transcript.add({ kind: 'recorded', who: leg.who, seconds: 0, recordingUrl: null, transcript: null });
    if (statusCallback && events.has('absent')) {
      await sim.http.callback(leg, `${leg.who}'s recording status callback (absent)`, statusCallback, methodOf(el, 'recordingStatusCallbackMethod'), recordingParams('absent', 0));
    }
    return { params: null, callerHungUp: hungUp };
  }

  const transcript = plan?.transcript ?? null;
  sim.transcript.add({ kind: 'recorded', who: leg.who, seconds: duration, recordingUrl: url, transcript });
  const transcribeCallback = attrBool(el, 'transcribe', false) && el.attrs.transcribeCallback ? resolveUrl(el.attrs.transcribeCallback, docUrl) : null;
  const { recordingCallbackDelay, transcriptionDelay } = sim.scenario.timing;
  if (statusCallback && events.has('completed')) {
    sim.clock.spawn(`${leg.who}'s recording status callback`, async (p) => {
      await p.sleep(recordingCallbackDelay);
      await sim.http.callback(null, `${leg.who}'s recording status callback`, statusCallback, methodOf(el, 'recordingStatusCallbackMethod'), recordingParams('completed', duration));
    });
  }
  if (transcribeCallback) {
    if (duration < TRANSCRIBABLE.min || duration > TRANSCRIBABLE.max) {
      sim.transcript.add({ kind: 'note', text: `a ${duration} s recording is not transcribed (Twilio transcribes ${TRANSCRIBABLE.min}-${TRANSCRIBABLE.max} s)` });
    } else {
      sim.clock.spawn(`${leg.who}'s transcription callback`, async (p) => {
        await p.sleep(transcriptionDelay);
        const status = transcript === null ? 'failed' : 'completed';
        const tsid = 'TR' + randomBytes(16).toString('hex');
        sim.transcript.add({ kind: 'transcribed', who: leg.who, status, text: transcript });
        // UNCONFIRMED in our research: the transcribeCallback field names beyond these.
        await sim.http.callback(null, `${leg.who}'s transcription callback`, transcribeCallback, 'POST', {
          ...leg.params(),
          RecordingSid: sid,
          RecordingUrl: url,
          TranscriptionSid: tsid,
          TranscriptionStatus: status,
          TranscriptionText: transcript ?? '',
          TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${sim.target.accountSid}/Transcriptions/${tsid}`,
        });
      });
    }
  }
  const params: Record<string, string> = { RecordingUrl: url, RecordingSid: sid, RecordingDuration: String(duration) };
  if (digits !== undefined) params.Digits = digits;
  return { params, callerHungUp: hungUp };
}
