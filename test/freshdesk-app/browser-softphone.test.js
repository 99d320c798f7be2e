/**
 * @jest-environment jsdom
 *
 * The sidebars with "Calls in" = browser: the repository's softphone panel and carrier adapters
 * (what scripts/vendor/softphone.js bundles), with the SDKs replaced by the browser tests' doubles
 * of Twilio's Device/Call and Africa's Talking's Client, and the service reached only through the
 * request templates of the stubbed FDK client.
 */
const { createFdkClient, settle, advance } = require('./fdk-client-stub');
const { startTicketSidebar } = require('../../freshdesk-app/app/scripts/ticket-sidebar');
const { startGlobalSidebar } = require('../../freshdesk-app/app/scripts/global-sidebar');
const { createSoftphonePanel } = require('../../src/softphone-panel/panel');
const { twilioPhone } = require('../../src/softphone-panel/twilio-phone');
const { atPhone } = require('../../src/softphone-panel/at-phone');
const { Device } = require('../browser/doubles/twilio-voice-sdk');
const { Client } = require('../browser/doubles/africastalking-client/build/africastalking');

const agent = { id: 7, contact: { name: 'Wanjiru Agent', email: 'wanjiru@acme.example' } };
const TOKEN = { carrier: 'twilio', identity: 'wanjiru', token: 'eyJ.twilio.token', expiresAt: '2026-12-06T21:00:00.000Z' };
const AT_TOKEN = { carrier: 'africastalking', identity: 'helpdesk.wanjiru', token: 'ATCAPtkn_1', expiresAt: '2026-12-07T20:00:00.000Z' };

/** The vendor bundle's `HelpdeskVoice.softphone`, over the SDK doubles. */
const softphone = {
  createSoftphonePanel,
  phones: (service) => ({ twilio: twilioPhone(Device), africastalking: atPhone(Client, { placeCall: service.placeCall }) }),
};

const bodies = (fdk, name) => fdk.invocations.filter((i) => i.name === name).map((i) => JSON.parse(i.options.body));
const byText = (root, selector) => root.querySelector(selector).textContent;
const button = (root, name) => [...root.querySelectorAll('button')].find((b) => b.textContent === name || b.getAttribute('aria-label') === name);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-12-06T20:00:00Z') });
  delete window.sdkDouble;
  // jsdom has no media devices; the doubles take the microphone as the SDKs do.
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: async () => ({ getTracks: () => [] }) } });
  document.body.innerHTML = '<main id="app"></main>';
});
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

test('ticket sidebar: signs in through the templates, beats, and calls the requester from the browser with the ticket', async () => {
  const fdk = createFdkClient({
    loggedInUser: agent,
    ticket: { id: 314 },
    contact: { id: 99, phone: '+254711000111' },
    iparams: { calls_in: 'browser' },
  });
  fdk.answer('softphoneToken', { status: 200, body: TOKEN });
  fdk.answer('softphoneHeartbeat', { status: 200, body: { agentId: 'wanjiru', changed: true, signedIn: true } });
  const root = document.getElementById('app');
  await startTicketSidebar(fdk.client, root, { softphone });
  await settle();

  expect(bodies(fdk, 'softphoneToken')).toEqual([{ agentEmail: 'wanjiru@acme.example', carrier: 'twilio' }]);
  expect(window.sdkDouble.twilio.devices[0].token).toBe(TOKEN.token);
  expect(byText(root, '[role=status]')).toContain('Ready');
  expect(bodies(fdk, 'softphoneHeartbeat')).toEqual([{ agentEmail: 'wanjiru@acme.example', state: 'online', carrier: 'twilio' }]);
  await advance(30_000);
  expect(bodies(fdk, 'softphoneHeartbeat')).toHaveLength(2);
  // No click-to-call panel: the browser takes the calls.
  expect(root.querySelector('.call-panel')).toBeNull();

  expect(root.querySelector('input[type=tel]').value).toBe('+254711000111');
  button(root, 'Call').click();
  await settle();
  expect(window.sdkDouble.twilio.devices[0].connects).toEqual([{ params: { To: '+254711000111', ticketId: '314' } }]);
  expect(button(root, 'Hang up')).toBeDefined();
});

test('global sidebar: an incoming call shows the caller and their ticket; accept presses the whisper’s 1; a clicked number fills the field', async () => {
  const fdk = createFdkClient({ loggedInUser: agent, iparams: { calls_in: 'browser' } });
  fdk.answer('softphoneToken', { status: 200, body: TOKEN });
  fdk.answer('softphoneHeartbeat', { status: 200, body: { changed: true, signedIn: true } });
  fdk.answer('agentCall', {
    status: 200,
    body: { call: { callId: 'c1', direction: 'inbound', state: 'ringing-agent', callerNumber: '+254711000222', ticket: { id: 42, subject: 'Router keeps rebooting' } } },
  });
  const root = document.getElementById('app');
  await startGlobalSidebar(fdk.client, root, { softphone });
  await settle();

  const call = window.sdkDouble.twilio.devices[0].ring('+254711000222');
  await settle();
  expect(byText(root, '.softphone__incoming')).toContain('+254711000222');
  expect(byText(root, '.softphone__ticket')).toBe('Ticket #42: Router keeps rebooting');
  expect(fdk.invocations.filter((i) => i.name === 'agentCall')[0].options).toEqual({ context: { agentEmail: 'wanjiru@acme.example' } });

  button(root, 'Accept').click();
  await settle();
  expect(call.digits).toEqual(['1']);
  expect(byText(root, '[role=status]')).toBe('On a call');
  await advance(2000);
  expect(byText(root, '.softphone__timer')).toBe('0:02');
  call.hungUp();
  expect(byText(root, '[role=status]')).toContain('Call ended after 2 s');

  fdk.fire('cti.triggerDialer', { number: '+254733000333' });
  await settle();
  expect(root.querySelector('input[type=tel]').value).toBe('+254733000333');
  expect(fdk.triggers).toContainEqual({ action: 'show', payload: { id: 'softphone' } });
});

test("Africa's Talking: the call goes through the softphoneCall template first; the service's refusal is shown and nothing is dialled", async () => {
  const fdk = createFdkClient({
    loggedInUser: agent,
    ticket: { id: 314 },
    contact: { id: 99, phone: '+254711000111' },
    iparams: { calls_in: 'browser', default_carrier: 'africastalking' },
  });
  fdk.answer('softphoneToken', { status: 200, body: AT_TOKEN });
  fdk.answer('softphoneHeartbeat', { status: 200, body: { changed: true, signedIn: true } });
  fdk.answer('softphoneCall', { status: 200, body: { number: '+254711000111' } }, { status: 422, body: { error: '+254900000000 is a premium-rate number' } });
  const root = document.getElementById('app');
  await startTicketSidebar(fdk.client, root, { softphone });
  await advance(0);
  expect(byText(root, '[role=status]')).toContain('Ready');
  const client = window.sdkDouble.at.clients[0];
  expect(client.token).toBe(AT_TOKEN.token);

  button(root, 'Call').click();
  await settle();
  expect(bodies(fdk, 'softphoneCall')).toEqual([{ agentEmail: 'wanjiru@acme.example', number: '+254711000111', ticketId: '314' }]);
  expect(client.calls).toEqual(['+254711000111']);
  client.pickedUp();
  button(root, 'Digit 9').click();
  expect(client.digits).toEqual(['9']);
  button(root, 'Hang up').click();
  expect(byText(root, '[role=status]')).toContain('Call ended');

  root.querySelector('input[type=tel]').value = '+254900000000';
  button(root, 'Call').click();
  await settle();
  expect(byText(root, '[role=alert]')).toBe('The call was not placed: +254900000000 is a premium-rate number');
  expect(client.calls).toEqual(['+254711000111']);
});

test('with "Calls in" = phone (the default) the sidebars stay click-to-call', async () => {
  const fdk = createFdkClient({ loggedInUser: agent, ticket: { id: 42 }, contact: { id: 99, phone: '+254711000111' } });
  const root = document.getElementById('app');
  await startTicketSidebar(fdk.client, root, { softphone });
  expect(root.querySelector('.call-panel')).not.toBeNull();
  expect(root.querySelector('.softphone-panel')).toBeNull();
  expect(fdk.invocations.filter((i) => i.name === 'softphoneToken')).toEqual([]);
});
