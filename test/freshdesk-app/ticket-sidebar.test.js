/**
 * @jest-environment jsdom
 */
const { createFdkClient, settle, advance } = require('./fdk-client-stub');
const { startTicketSidebar } = require('../../freshdesk-app/app/scripts/ticket-sidebar');
const { UNREACHABLE } = require('../../freshdesk-app/app/scripts/call-service');

const agent = { id: 7, contact: { name: 'Wanjiru Agent', email: 'wanjiru@acme.example' } };
const ticket = { id: 42, subject: 'Router keeps rebooting', requester_id: 99 };
const requester = { id: 99, name: 'Otieno Customer', phone: '+254711000111', mobile: null };

function ui(root) {
  return {
    button: root.querySelector('.call-panel__button'),
    status: () => root.querySelector('.call-panel__status').textContent,
    error: () => {
      const node = root.querySelector('.call-panel__error');
      return node.hidden ? '' : node.textContent;
    },
    number: () => root.querySelector('.call-panel__number').textContent,
    state: () => root.querySelector('.call-panel').dataset.state,
  };
}

async function open(fdk) {
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById('app');
  await startTicketSidebar(fdk.client, root, { pollMs: 2000, endedMs: 4000 });
  await settle();
  return ui(root);
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

test('the Call button goes ready → queued → ringing you → ringing the customer → connected with a timer → ended → ready', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent, iparams: { default_carrier: 'africastalking' } });
  fdk.answer('clickToCall', { status: 201, body: { callId: 'call-1' } });
  fdk.answer(
    'callStatus',
    { status: 200, body: { state: 'queued' } },
    { status: 200, body: { state: 'ringing-agent' } },
    { status: 200, body: { state: 'ringing-customer' } },
    { status: 200, body: { state: 'in-progress' } },
    { status: 200, body: { state: 'in-progress' } },
    { status: 200, body: { state: 'in-progress' } },
    { status: 200, body: { state: 'ended', endedReason: 'completed', durationSeconds: 65 } },
  );
  const view = await open(fdk);

  expect(view.state()).toBe('ready');
  expect(view.number()).toBe('+254711000111');
  expect(view.button.disabled).toBe(false);
  expect(view.button.textContent).toBe('Call');

  view.button.click();
  await settle();
  expect(view.state()).toBe('queued');
  expect(view.status()).toBe('Queued…');
  expect(view.button.disabled).toBe(true);

  const placed = fdk.invocations.find((i) => i.name === 'clickToCall');
  expect(JSON.parse(placed.options.body)).toEqual({ ticketId: 42, agentEmail: 'wanjiru@acme.example', carrier: 'africastalking' });

  await advance(2000);
  expect(fdk.invocations.filter((i) => i.name === 'callStatus')[0].options.context).toEqual({ callId: 'call-1' });
  expect(view.state()).toBe('queued');

  await advance(2000);
  expect(view.state()).toBe('ringing-agent');
  expect(view.status()).toBe('Ringing you: pick up your phone');

  await advance(2000);
  expect(view.state()).toBe('ringing-customer');
  expect(view.status()).toBe('Ringing the customer…');

  await advance(2000);
  expect(view.state()).toBe('in-progress');
  expect(view.status()).toBe('Connected 0:00');

  await advance(2000);
  expect(view.status()).toBe('Connected 0:02');
  await advance(2000);
  expect(view.status()).toBe('Connected 0:04');

  await advance(2000);
  expect(view.state()).toBe('ended');
  expect(view.status()).toBe('Call ended (completed) after 1:05');
  expect(view.button.disabled).toBe(true);

  const pollsAtEnd = fdk.invocations.filter((i) => i.name === 'callStatus').length;
  await advance(4000);
  expect(view.state()).toBe('ready');
  expect(view.button.disabled).toBe(false);
  expect(view.button.textContent).toBe('Call');
  expect(view.status()).toBe('');
  // Polling stops with the call.
  await advance(10000);
  expect(fdk.invocations.filter((i) => i.name === 'callStatus')).toHaveLength(pollsAtEnd);
});

test('an agent already on a call (409) sees the service\'s message and the button comes back', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent });
  fdk.answer('clickToCall', { status: 409, body: { error: 'You are already on a call (call-0). Hang up first.' } });
  const view = await open(fdk);

  view.button.click();
  await settle();

  expect(view.error()).toBe('You are already on a call (call-0). Hang up first.');
  expect(view.state()).toBe('ready');
  expect(view.button.disabled).toBe(false);
  expect(fdk.invocations.filter((i) => i.name === 'callStatus')).toHaveLength(0);
});

test('a requester without a number (422) is explained, with a sentence of our own when the service gives none', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent });
  fdk.answer('clickToCall', { status: 422, body: { error: 'Otieno Customer has no phone or mobile in E.164.' } }, { status: 422 });
  const view = await open(fdk);

  view.button.click();
  await settle();
  expect(view.error()).toBe('Otieno Customer has no phone or mobile in E.164.');

  view.button.click();
  await settle();
  expect(view.error()).toBe('This requester has no phone number in Freshdesk. Add one to the contact, then try again.');
});

test('an unreachable service (platform timeout or 5xx) says so and the next click clears the error', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent });
  fdk.answer('clickToCall', { status: 504 }, { status: 503, body: { error: 'upstream down' } }, { status: 201, body: { callId: 'call-2' } });
  fdk.answer('callStatus', { status: 200, body: { state: 'queued' } });
  const view = await open(fdk);

  view.button.click();
  await settle();
  expect(view.error()).toBe(UNREACHABLE);

  view.button.click();
  await settle();
  expect(view.error()).toBe(UNREACHABLE);

  view.button.click();
  await settle();
  expect(view.error()).toBe('');
  expect(view.state()).toBe('queued');
});

test('a bad app secret (401) tells the agent who can fix it', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent });
  fdk.answer('clickToCall', { status: 401, body: { error: 'unauthorized' } });
  const view = await open(fdk);

  view.button.click();
  await settle();
  expect(view.error()).toMatch(/FRESHDESK_APP_SECRET/);
});

test('losing the service while polling resets the button and says the call may go on', async () => {
  const fdk = createFdkClient({ ticket, contact: requester, loggedInUser: agent });
  fdk.answer('clickToCall', { status: 201, body: { callId: 'call-3' } });
  fdk.answer('callStatus', { status: 200, body: { state: 'ringing-agent' } }, { status: 502 });
  const view = await open(fdk);

  view.button.click();
  await settle();
  await advance(2000);
  expect(view.state()).toBe('ringing-agent');

  // One failed poll is a blip: the state stays.
  await advance(2000);
  expect(view.state()).toBe('ringing-agent');
  expect(view.error()).toBe('');

  await advance(2000 * 4);
  expect(view.state()).toBe('ready');
  expect(view.error()).toBe(UNREACHABLE + ' The call itself may still be going on.');
});

test('a requester with no phone in Freshdesk gets a switched-off button and the reason', async () => {
  const fdk = createFdkClient({ ticket, contact: { id: 99, name: 'No Number', phone: null, mobile: null }, loggedInUser: agent });
  const view = await open(fdk);

  expect(view.button.disabled).toBe(true);
  expect(view.error()).toMatch(/no phone number/);
  view.button.click();
  await settle();
  expect(fdk.invocations).toHaveLength(0);
});

test('the mobile is used when the requester has no phone', async () => {
  const fdk = createFdkClient({ ticket, contact: { id: 99, phone: '', mobile: '+254722000222' }, loggedInUser: agent });
  const view = await open(fdk);
  expect(view.number()).toBe('+254722000222');
  expect(view.button.disabled).toBe(false);
});
