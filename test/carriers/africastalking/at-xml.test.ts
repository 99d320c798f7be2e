import type { CallDecision } from '../../../src/calls/decision';
import { renderAtDecision, renderAtGoodbye, renderAtOutbound, type AtXmlSettings } from '../../../src/carriers/africastalking/at-xml';
import { parseXml, verbs } from '../../support/twiml';

const SETTINGS: AtXmlSettings = {
  username: 'helpdesk',
  phoneNumber: '+254711082000',
  callbackUrl: 'https://example.twil.io/africastalking/voice?key=s3cret&x=<1>',
  voicemailMaxLengthSeconds: 60,
  record: true,
};
const ring = (overrides: Partial<Extract<CallDecision, { kind: 'ring' }>> = {}): CallDecision => ({
  kind: 'ring',
  callId: 'ATVId_1',
  targets: [
    { agentId: 'alice', name: 'Alice', number: '+254712000001' },
    { agentId: 'wanjiru', name: 'Wanjiru', number: 'client:wanjiru' },
  ],
  timeoutSeconds: 20,
  callerId: '+254711082000',
  sequential: false,
  fallback: 'voicemail',
  ...overrides,
});
const plan = (decision: CallDecision) => parseXml(renderAtDecision(decision, SETTINGS));

describe('decisions as Africa\'s Talking dial plans', () => {
  it.each<[string, CallDecision, string[]]>([
    ['ring, then voicemail', ring(), ['Dial', 'Record']],
    ['ring, then an apology', ring({ fallback: 'apologise' }), ['Dial', 'Say']],
    ['voicemail', { kind: 'voicemail', callId: 'ATVId_1', reason: 'no_available_agent', maxLengthSeconds: 60 }, ['Record']],
    ['apologise', { kind: 'apologise', reason: 'out_of_hours' }, ['Say']],
    ['reject', { kind: 'reject' }, ['Reject']],
    ['hangup', { kind: 'hangup' }, []],
  ])('%s', (_name, decision, expected) => {
    const root = plan(decision);
    expect(root.name).toBe('Response');
    expect(verbs(root)).toEqual(expected);
  });

  it('dials numbers and browser clients (as <username>.<client>) with our number, sequential when asked', () => {
    const dial = plan(ring({ sequential: true })).children[0];
    expect(dial.attrs).toMatchObject({ phoneNumbers: '+254712000001,helpdesk.wanjiru', callerId: '+254711082000', sequential: 'true', record: 'true' });
  });

  it('escapes what it writes: a callback URL with & and < stays one attribute', () => {
    const record = plan({ kind: 'voicemail', callId: 'ATVId_1', reason: 'voicemail', maxLengthSeconds: 60 }).children[0];
    expect(record.attrs).toMatchObject({ callbackUrl: SETTINGS.callbackUrl, maxLength: '60', finishOnKey: '#' });
    expect(renderAtDecision({ kind: 'voicemail', callId: 'ATVId_1', reason: 'voicemail', maxLengthSeconds: 60 }, SETTINGS)).toContain('&amp;x=&lt;1&gt;');
  });

  it('has no queue to put a caller in: queue routing reaches it as a sequential dial, never as enqueue', () => {
    expect(() => plan({ kind: 'enqueue', callId: 'ATVId_1', queueName: 'support' })).toThrow(/sequential dial/);
  });

  it('click-to-call connects the customer; the goodbye thanks for a message or says none came', () => {
    const outbound = parseXml(renderAtOutbound({ kind: 'dial-customer', callId: 'ATVId_2', agentId: 'alice', customerNumber: '+254722999999', callerId: '+254711082000' }, SETTINGS));
    expect(verbs(outbound)).toEqual(['Say', 'Dial']);
    expect(outbound.children[1].attrs.phoneNumbers).toBe('+254722999999');
    expect(parseXml(renderAtGoodbye(true)).children[0].text).toMatch(/Thank you/);
    expect(parseXml(renderAtGoodbye(false)).children[0].text).toMatch(/did not receive/);
  });

  it('a refused browser call is told why, escaped, and dials nothing', () => {
    const refused = parseXml(renderAtOutbound({ kind: 'refuse', reason: 'the softphone asked to call <+254722999999> & not this' }, SETTINGS));
    expect(verbs(refused)).toEqual(['Say']);
    expect(refused.children[0].text).toBe('This call cannot be made: the softphone asked to call <+254722999999> & not this. Goodbye.');
  });
});
