import type { AcceptDecision, CallDecision, PickupDecision } from '../../../src/calls/decision';
import { ROUTES } from '../../../src/carriers/twilio/routes';
import { renderAccept, renderCallDecision, renderOutboundWhisper, renderPickup, renderWait } from '../../../src/carriers/twilio/voice-twiml';
import { parseTwiml, verbs, type XmlElement } from '../../support/twiml';

const CALL = 'CA0123456789abcdef0123456789abcdef';
const twiml = (response: { toString(): string }) => parseTwiml(response.toString());

function urlsOf(element: XmlElement): string[] {
  const own = ['url', 'action', 'statusCallback', 'waitUrl', 'recordingStatusCallback', 'transcribeCallback'].flatMap((k) => (element.attrs[k] ? [String(element.attrs[k])] : []));
  return [...own, ...element.children.flatMap(urlsOf)];
}

const ring: CallDecision = {
  kind: 'ring',
  callId: CALL,
  targets: [
    { agentId: 'alice', name: 'Alice', number: '+14155550101' },
    { agentId: 'bob', name: 'Bob', number: '+14155550102' },
  ],
  timeoutSeconds: 17,
  callerId: '+15005550006',
  sequential: false,
  fallback: 'voicemail',
};

const decisions: Array<[string, { toString(): string }, string[]]> = [
  ['ring', renderCallDecision(ring), ['Dial']],
  ['voicemail', renderCallDecision({ kind: 'voicemail', callId: CALL, reason: 'agents_did_not_answer', maxLengthSeconds: 90 }), ['Say', 'Record', 'Say', 'Hangup']],
  ['apologise', renderCallDecision({ kind: 'apologise', reason: 'out_of_hours' }), ['Say', 'Hangup']],
  ['reject', renderCallDecision({ kind: 'reject' }), ['Reject']],
  ['enqueue', renderCallDecision({ kind: 'enqueue', callId: CALL, queueName: 'support' }), ['Enqueue']],
  ['hangup', renderCallDecision({ kind: 'hangup' }), ['Hangup']],
  ['whisper', renderPickup({ kind: 'whisper', callId: CALL, agentId: 'alice', callerNumber: '+442079460000' } as PickupDecision), ['Gather', 'Hangup']],
  ['pickup of an ended call', renderPickup({ kind: 'hangup' }), ['Hangup']],
  ['bridge', renderAccept({ kind: 'bridge' }), []],
  ['dequeue', renderAccept({ kind: 'dequeue', queueName: 'support', callId: CALL, agentId: 'alice' } as AcceptDecision), ['Dial', 'Hangup']],
  ['dial-customer', renderAccept({ kind: 'dial-customer', callId: CALL, agentId: 'alice', customerNumber: '+442079460000', callerId: '+15005550006' }), ['Dial']],
  ['refused browser call', renderAccept({ kind: 'refuse', reason: 'calls to US are not allowed (allowed: KE)' }), ['Say', 'Hangup']],
  ['outbound whisper', renderOutboundWhisper('alice', '+442079460000'), ['Gather', 'Hangup']],
  ['wait', renderWait({ kind: 'wait', position: 2, estimatedWaitSeconds: 90 }), ['Say', 'Pause']],
  ['leave', renderWait({ kind: 'leave' }), ['Leave']],
];

describe('decisions as TwiML', () => {
  it.each(decisions)('%s', (_name, response, expected) => {
    expect(verbs(twiml(response))).toEqual(expected);
  });

  it('every callback URL in our TwiML is in the route table, with only the query keys its route declares', () => {
    const paths = new Map(Object.values(ROUTES).map((r) => [r.path, new Set<string>(r.queryKeys)]));
    const urls = decisions.flatMap(([, response]) => urlsOf(twiml(response)));
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      const parsed = new URL(url, 'https://example.twil.io');
      expect({ url, known: paths.has(parsed.pathname) }).toEqual({ url, known: true });
      const extra = [...parsed.searchParams.keys()].filter((k) => !paths.get(parsed.pathname)!.has(k));
      expect({ url, extra }).toEqual({ url, extra: [] });
    }
  });

  it('a ring is one <Dial> of the targets, each leg with its whisper and its own status callback', () => {
    const dial = twiml(renderCallDecision(ring)).children[0];
    expect(dial.attrs).toMatchObject({ timeout: '17', callerId: '+15005550006', answerOnBridge: 'true', action: ROUTES.dialResult.url() });
    expect(dial.children.map((n) => [n.text, n.attrs.url, n.attrs.statusCallback])).toEqual([
      ['+14155550101', ROUTES.whisper.url({ agentId: 'alice', callId: CALL }), ROUTES.agentStatus.url({ agentId: 'alice', callId: CALL })],
      ['+14155550102', ROUTES.whisper.url({ agentId: 'bob', callId: CALL }), ROUTES.agentStatus.url({ agentId: 'bob', callId: CALL })],
    ]);
  });

  it('voicemail records with a beep, a length limit and transcription, and says why nobody answered', () => {
    const response = twiml(renderCallDecision({ kind: 'voicemail', callId: CALL, reason: 'out_of_hours', maxLengthSeconds: 90 }));
    expect(response.children[0].text).toMatch(/closed right now.*leave a message/i);
    expect(response.children[1].attrs).toMatchObject({ maxLength: '90', playBeep: 'true', transcribe: 'true', action: ROUTES.voicemailDone.url({ callId: CALL }) });
  });

  it('the whisper reads the caller\'s number digit by digit and takes one key', () => {
    const gather = twiml(renderPickup({ kind: 'whisper', callId: CALL, agentId: 'alice', callerNumber: '+442079460000' })).children[0];
    expect(gather.attrs).toMatchObject({ numDigits: '1', action: ROUTES.whisperAccept.url({ agentId: 'alice', callId: CALL }) });
    expect(gather.children[0].text).toMatch(/Press 1 to accept/);
  });

  it('wait music says the position and a rounded wait in minutes', () => {
    expect(twiml(renderWait({ kind: 'wait', position: 3, estimatedWaitSeconds: 20 })).children[0].text).toMatch(/number 3 in line.*about 1 minute\./);
  });
});

describe('a call placed from the browser', () => {
  it('dials the customer with the click-to-call callbacks, or says why not', () => {
    const dial = twiml(renderAccept({ kind: 'dial-customer', callId: CALL, agentId: 'alice', customerNumber: '+254722999999', callerId: '+254711000000' })).children[0];
    expect(dial.attrs).toMatchObject({ callerId: '+254711000000', action: ROUTES.outboundResult.url({ callId: CALL }) });
    expect(dial.children[0].attrs.statusCallback).toBe(ROUTES.customerStatus.url({ callId: CALL }));
    const refused = twiml(renderAccept({ kind: 'refuse', reason: 'it is a premium-rate number' }));
    expect(refused.children[0].text).toBe('This call cannot be made: it is a premium-rate number. Goodbye.');
  });
});

describe('a browser leg in a ring', () => {
  it('rings a softphone as <Client> with the same whisper and leg status as a phone', () => {
    const dial = twiml(
      renderCallDecision({ ...ring, targets: [{ agentId: 'alice', name: 'Alice', number: 'client:alice' }, { agentId: 'alice', name: 'Alice', number: '+14155550101' }] }),
    ).children[0];
    expect(dial.children.map((c) => [c.name, c.text])).toEqual([
      ['Client', 'alice'],
      ['Number', '+14155550101'],
    ]);
    const [client, number] = dial.children;
    for (const key of ['url', 'statusCallback', 'statusCallbackEvent']) expect(client.attrs[key]).toBe(number.attrs[key]);
    expect(client.attrs.url).toBe(ROUTES.whisper.url({ agentId: 'alice', callId: CALL }));
  });
});
