import twilio from 'twilio';
import type { AcceptDecision, CallDecision, PickupDecision } from '../../calls/decision';
import { MAX_CALL_SECONDS } from '../../calls/voice-calls';
import { withQuery } from './webhook-url';

type VoiceResponse = twilio.twiml.VoiceResponse;

/** Where Twilio calls us back; relative, so they resolve against whatever URL Twilio used. */
export const VOICE_PATHS = {
  dialResult: '/voice/dial-result',
  whisper: '/voice/whisper',
  whisperAccept: '/voice/whisper-accept',
  status: '/voice/status',
  voicemailDone: '/voice/voicemail-done',
  recording: '/voice/recording',
  transcription: '/voice/transcription',
} as const;

const SAY = {
  noAgents: 'Sorry, nobody can take your call right now.',
  leaveMessage: 'Please leave a message after the tone.',
  tryLater: 'Please try again later. Goodbye.',
  noMessage: 'We did not receive a message. Goodbye.',
  thanks: 'Thank you for your message. Goodbye.',
} as const;

export function renderCallDecision(decision: CallDecision): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  switch (decision.kind) {
    case 'ring': {
      const dial = response.dial({
        action: VOICE_PATHS.dialResult,
        timeout: decision.timeoutSeconds,
        callerId: decision.callerId,
        answerOnBridge: true,
        timeLimit: MAX_CALL_SECONDS,
      });
      for (const target of decision.targets) {
        const query = { agentId: target.agentId, callId: decision.callId };
        dial.number(
          {
            url: withQuery(VOICE_PATHS.whisper, query),
            statusCallback: withQuery(VOICE_PATHS.status, query),
            statusCallbackEvent: ['completed'],
          },
          target.number,
        );
      }
      break;
    }
    case 'voicemail': {
      const query = { callId: decision.callId };
      response.say(`${SAY.noAgents} ${SAY.leaveMessage}`);
      response.record({
        action: withQuery(VOICE_PATHS.voicemailDone, query),
        maxLength: decision.maxLengthSeconds,
        playBeep: true,
        timeout: 5,
        recordingStatusCallback: withQuery(VOICE_PATHS.recording, query),
        recordingStatusCallbackEvent: ['completed'],
        transcribe: true,
        transcribeCallback: withQuery(VOICE_PATHS.transcription, query),
      });
      // Reached only when the recording was empty: Twilio then skips the action.
      response.say(SAY.noMessage);
      response.hangup();
      break;
    }
    case 'apologise':
      response.say(`${SAY.noAgents} ${SAY.tryLater}`);
      response.hangup();
      break;
    case 'hangup':
      response.hangup();
      break;
  }
  return response;
}

export function renderVoicemailThanks(): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  response.say(SAY.thanks);
  response.hangup();
  return response;
}

/** The agent's leg: who is calling, press 1; silence or any other key leaves the call to the others. */
export function renderPickup(decision: PickupDecision): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  if (decision.kind === 'whisper') {
    const gather = response.gather({
      numDigits: 1,
      timeout: 6,
      actionOnEmptyResult: false,
      action: withQuery(VOICE_PATHS.whisperAccept, { agentId: decision.agentId, callId: decision.callId }),
    });
    gather.say(`Support call from ${spoken(decision.callerNumber)}. Press 1 to accept.`);
  }
  response.hangup();
  return response;
}

/** An empty answer to the whisper ends it, and Twilio bridges the call. */
export function renderAccept(decision: AcceptDecision): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  if (decision.kind === 'hangup') response.hangup();
  return response;
}

/** "+14155550100" read digit by digit; anything else (anonymous) as it is. */
function spoken(number: string): string {
  return /^\+?\d+$/.test(number) ? number.replace(/^\+/, '').split('').join(' ') : number;
}
