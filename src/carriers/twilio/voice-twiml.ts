import twilio from 'twilio';
import type { AcceptDecision, CallDecision, PickupDecision } from '../../calls/decision';
import { unansweredOpening } from '../../calls/prompts';
import type { WaitDecision } from '../../calls/queue-calls';
import { clientNameOf, MAX_CALL_SECONDS } from '../../calls/carrier-profile';
import { ROUTES } from './routes';
import { spoken } from '../../phone/spoken';

type VoiceResponse = twilio.twiml.VoiceResponse;

const SAY = {
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
        action: ROUTES.dialResult.url(),
        timeout: decision.timeoutSeconds,
        callerId: decision.callerId,
        answerOnBridge: true,
        timeLimit: MAX_CALL_SECONDS,
      });
      for (const target of decision.targets) {
        const query = { agentId: target.agentId, callId: decision.callId };
        // A browser leg hears the same whisper as a phone: the softphone's accept button sends the 1.
        const leg = { url: ROUTES.whisper.url(query), statusCallback: ROUTES.agentStatus.url(query), statusCallbackEvent: ['completed'] as ['completed'] };
        const identity = clientNameOf(target.number);
        if (identity === null) dial.number(leg, target.number);
        else dial.client(leg, identity);
      }
      break;
    }
    case 'voicemail': {
      const query = { callId: decision.callId };
      response.say(`${unansweredOpening(decision.reason)} ${SAY.leaveMessage}`);
      response.record({
        action: ROUTES.voicemailDone.url(query),
        maxLength: decision.maxLengthSeconds,
        playBeep: true,
        timeout: 5,
        recordingStatusCallback: ROUTES.recording.url(query),
        recordingStatusCallbackEvent: ['completed'],
        transcribe: true,
        transcribeCallback: ROUTES.transcription.url(query),
      });
      // Reached only when the recording was empty: Twilio then skips the action.
      response.say(SAY.noMessage);
      response.hangup();
      break;
    }
    case 'reject':
      response.reject({ reason: 'busy' });
      break;
    case 'enqueue': {
      const query = { callId: decision.callId };
      response.enqueue(
        { waitUrl: ROUTES.queueWait.url(query), action: ROUTES.queueResult.url(query) },
        decision.queueName,
      );
      break;
    }
    case 'apologise':
      response.say(`${unansweredOpening(decision.reason)} ${SAY.tryLater}`);
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
    const query = { agentId: decision.agentId, callId: decision.callId };
    askToAccept(response, ROUTES.whisperAccept.url(query), `Support call from ${spoken(decision.callerNumber)}. Press 1 to accept.`);
  }
  response.hangup();
  return response;
}

/** Click-to-call: the agent's phone asks before the customer is dialled. */
export function renderOutboundWhisper(agentId: string, customerNumber: string): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  const action = ROUTES.outboundAccept.url({ agentId, customer: customerNumber });
  askToAccept(response, action, `Press 1 to call ${spoken(customerNumber)}.`);
  response.hangup();
  return response;
}

function askToAccept(response: VoiceResponse, action: string, prompt: string): void {
  response.gather({ numDigits: 1, timeout: 6, actionOnEmptyResult: false, action }).say(prompt);
}

/**
 * Ring-all: an empty answer ends the whisper and Twilio bridges the call. Queue: the agent's
 * call takes the caller from the queue. Click-to-call: the agent's call dials the customer.
 */
export function renderAccept(decision: AcceptDecision): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  switch (decision.kind) {
    case 'bridge':
      break;
    case 'dequeue':
      response.dial().queue({ url: ROUTES.queueBridge.url({ agentId: decision.agentId, callId: decision.callId }) }, decision.queueName);
      response.hangup();
      break;
    case 'dial-customer': {
      const dial = response.dial({ callerId: decision.callerId, action: ROUTES.outboundResult.url({ callId: decision.callId }), timeLimit: MAX_CALL_SECONDS });
      dial.number(
        { statusCallback: ROUTES.customerStatus.url({ callId: decision.callId }), statusCallbackEvent: ['answered'] },
        decision.customerNumber,
      );
      break;
    }
    case 'refuse':
      response.say(`This call cannot be made: ${decision.reason}. Goodbye.`);
      response.hangup();
      break;
    case 'hangup':
      response.hangup();
      break;
  }
  return response;
}

/** A wait-music cycle: where the caller stands, then a pause; Twilio requests the wait URL again after it. */
export function renderWait(decision: WaitDecision): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  if (decision.kind === 'leave') {
    response.leave();
    return response;
  }
  const minutes = Math.max(1, Math.round(decision.estimatedWaitSeconds / 60));
  response.say(`You are number ${decision.position} in line. The estimated wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  response.pause({ length: 15 });
  return response;
}
