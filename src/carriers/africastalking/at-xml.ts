import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { AcceptDecision, CallDecision } from '../../calls/decision';
import { unansweredOpening } from '../../calls/prompts';
import { clientNameOf, MAX_CALL_SECONDS } from '../../calls/carrier-profile';
import { spoken } from '../../phone/spoken';

export interface AtXmlSettings {
  username: string;
  /** Our Africa's Talking number, the caller id on every dial. */
  phoneNumber: string;
  /** Absolute URL (with the secret) AT posts the recording to. */
  callbackUrl: string;
  voicemailMaxLengthSeconds: number;
  record: boolean;
}

const SAY = {
  leaveMessage: 'Please leave a message after the tone, then press the hash key.',
  tryLater: 'Please try again later. Goodbye.',
  thanks: 'Thank you for your message. Goodbye.',
  noMessage: 'We did not receive a message. Goodbye.',
} as const;

/**
 * Decisions as Africa's Talking dial plans, through an XML builder that escapes text and
 * attributes (AT's own SDK helpers do not). After an unanswered <Dial> AT runs the next action,
 * so a ring carries its own fallback.
 */
export function renderAtDecision(decision: CallDecision, settings: AtXmlSettings): string {
  const response = create({ version: '1.0', encoding: 'UTF-8' }).ele('Response');
  switch (decision.kind) {
    case 'ring':
      dial(response, decision.targets.map((t) => address(t.number, settings)), settings, decision.sequential);
      if (decision.fallback === 'voicemail') voicemail(response, settings, unansweredOpening('agents_did_not_answer'));
      else response.ele('Say').txt(`${unansweredOpening('agents_did_not_answer')} ${SAY.tryLater}`);
      break;
    case 'voicemail':
      voicemail(response, settings, unansweredOpening(decision.reason));
      break;
    case 'apologise':
      response.ele('Say').txt(`${unansweredOpening(decision.reason)} ${SAY.tryLater}`);
      break;
    case 'reject':
      response.ele('Reject');
      break;
    case 'enqueue':
      throw new Error('Africa\'s Talking calls are queued as a sequential dial, not through a queue');
    case 'hangup':
      break;
  }
  return response.end({ prettyPrint: false });
}

/** An agent's outbound call (click-to-call picked up, or placed in the browser): connect them to the customer, or say why not. */
export function renderAtOutbound(decision: AcceptDecision, settings: AtXmlSettings): string {
  const response = create({ version: '1.0', encoding: 'UTF-8' }).ele('Response');
  if (decision.kind === 'dial-customer') {
    response.ele('Say').txt(`Connecting you to ${spoken(decision.customerNumber)}.`);
    dial(response, [decision.customerNumber], settings, false);
  } else if (decision.kind === 'refuse') {
    response.ele('Say').txt(`This call cannot be made: ${decision.reason}. Goodbye.`);
  }
  return response.end({ prettyPrint: false });
}

/** After the voicemail prompt: thanks for a message, or a goodbye when nothing was recorded. */
export function renderAtGoodbye(messageLeft: boolean): string {
  return create({ version: '1.0', encoding: 'UTF-8' })
    .ele('Response')
    .ele('Say')
    .txt(messageLeft ? SAY.thanks : SAY.noMessage)
    .up()
    .end({ prettyPrint: false });
}

function dial(response: XMLBuilder, addresses: string[], settings: AtXmlSettings, sequential: boolean): void {
  response.ele('Dial', {
    phoneNumbers: addresses.join(','),
    callerId: settings.phoneNumber,
    maxDuration: String(MAX_CALL_SECONDS),
    record: String(settings.record),
    sequential: String(sequential),
  });
}

function voicemail(response: XMLBuilder, settings: AtXmlSettings, opening: string): void {
  response
    .ele('Record', {
      finishOnKey: '#',
      maxLength: String(settings.voicemailMaxLengthSeconds),
      playBeep: 'true',
      trimSilence: 'true',
      callbackUrl: settings.callbackUrl,
    })
    .ele('Say')
    .txt(`${opening} ${SAY.leaveMessage}`);
}

/** A browser client is dialled as `<app username>.<client name>`. */
function address(target: string, settings: AtXmlSettings): string {
  const client = clientNameOf(target);
  return client === null ? target : `${settings.username}.${client}`;
}
