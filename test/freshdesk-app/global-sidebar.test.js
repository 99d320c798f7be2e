/**
 * @jest-environment jsdom
 */
const { createFdkClient, settle, advance } = require('./fdk-client-stub');
const { startGlobalSidebar } = require('../../freshdesk-app/app/scripts/global-sidebar');

const agent = { id: 7, contact: { name: 'Wanjiru Agent', email: 'wanjiru@acme.example' } };

async function open(fdk) {
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById('app');
  await startGlobalSidebar(fdk.client, root, { pollMs: 2000, endedMs: 4000, inboundIdlePollMs: 3000, inboundCallPollMs: 3000 });
  await settle();
  return root;
}

const text = (root, selector) => {
  const node = root.querySelector(selector);
  return node ? node.textContent : null;
};

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

test('a number clicked anywhere in Freshdesk (cti.triggerDialer) is called and the softphone opens', async () => {
  const fdk = createFdkClient({ loggedInUser: agent });
  fdk.answer('agentCall', { status: 200, body: { call: null } });
  fdk.answer('clickToCall', { status: 201, body: { callId: 'call-9' } });
  fdk.answer('callStatus', { status: 200, body: { state: 'ringing-agent' } });
  const root = await open(fdk);

  expect(fdk.client.events.on).toHaveBeenCalledWith('cti.triggerDialer', expect.any(Function));
  // Nothing to call until a number is clicked.
  expect(root.querySelector('.call-panel__button').disabled).toBe(true);

  fdk.fire('cti.triggerDialer', { number: '+254733000333' });
  await settle();

  expect(fdk.triggers).toContainEqual({ action: 'show', payload: { id: 'softphone' } });
  expect(text(root, '.call-panel__number')).toBe('+254733000333');
  const placed = fdk.invocations.find((i) => i.name === 'clickToCall');
  // Away from a ticket page there is no ticket to send; the service picks one.
  expect(JSON.parse(placed.options.body)).toEqual({ agentEmail: 'wanjiru@acme.example', number: '+254733000333', carrier: 'twilio' });
  expect(root.querySelector('.call-panel').dataset.state).toBe('queued');

  await advance(2000);
  expect(text(root, '.call-panel__status')).toBe('Ringing you: pick up your phone');
});

test('a number clicked on a ticket page sends that ticket with it', async () => {
  const fdk = createFdkClient({ loggedInUser: agent, ticket: { id: 314, subject: 'Billing' } });
  fdk.answer('agentCall', { status: 200, body: { call: null } });
  fdk.answer('clickToCall', { status: 201, body: { callId: 'call-10' } });
  fdk.answer('callStatus', { status: 200, body: { state: 'queued' } });
  await open(fdk);

  fdk.fire('cti.triggerDialer', { number: '+254700111222' });
  await settle();

  const placed = fdk.invocations.find((i) => i.name === 'clickToCall');
  expect(JSON.parse(placed.options.body)).toMatchObject({ ticketId: 314, number: '+254700111222' });
});

test('the inbound pop-up shows the caller, their contact and open ticket, and the links open them in Freshdesk', async () => {
  const fdk = createFdkClient({ loggedInUser: agent });
  const ringing = {
    callId: 'call-in-1',
    direction: 'inbound',
    state: 'ringing-agent',
    callerNumber: '+254711000111',
    contact: { id: 99, name: 'Otieno Customer' },
    ticket: { id: 42, subject: 'Router keeps rebooting' },
  };
  fdk.answer(
    'agentCall',
    { status: 200, body: { call: null } },
    { status: 200, body: { call: ringing } },
    { status: 200, body: { call: { ...ringing, state: 'in-progress' } } },
    { status: 200, body: { call: null } },
  );
  const root = await open(fdk);
  const popup = root.querySelector('.inbound-popup');

  expect(fdk.invocations[0]).toEqual({ name: 'agentCall', options: { context: { agentEmail: 'wanjiru@acme.example' } } });
  expect(popup.hidden).toBe(true);

  await advance(3000);
  expect(popup.hidden).toBe(false);
  expect(text(root, '.inbound-popup__heading')).toBe('Incoming call from');
  expect(text(root, '.inbound-popup__caller')).toBe('+254711000111');
  expect(text(root, '.inbound-popup__contact-link')).toBe('Otieno Customer');
  expect(text(root, '.inbound-popup__ticket-link')).toBe('#42 Router keeps rebooting');
  expect(fdk.triggers).toContainEqual({ action: 'show', payload: { id: 'softphone' } });

  root.querySelector('.inbound-popup__ticket-link').click();
  root.querySelector('.inbound-popup__contact-link').click();
  await settle();
  expect(fdk.triggers).toContainEqual({ action: 'click', payload: { id: 'ticket', value: 42 } });
  expect(fdk.triggers).toContainEqual({ action: 'click', payload: { id: 'contact', value: 99 } });

  await advance(3000);
  expect(text(root, '.inbound-popup__heading')).toBe('On a call with');
  // The softphone opens once per call, not on every poll.
  expect(fdk.triggers.filter((t) => t.action === 'show')).toHaveLength(1);

  await advance(3000);
  expect(popup.hidden).toBe(true);
});

test('an unknown caller without a ticket is shown as such', async () => {
  const fdk = createFdkClient({ loggedInUser: agent });
  fdk.answer('agentCall', {
    status: 200,
    body: { call: { callId: 'call-in-2', direction: 'inbound', state: 'ringing-agent', callerNumber: '+254799000999', contact: null, ticket: null } },
  });
  const root = await open(fdk);

  expect(text(root, '.inbound-popup__caller')).toBe('+254799000999');
  expect(text(root, '.inbound-popup__contact')).toBe('Not a Freshdesk contact yet');
  expect(text(root, '.inbound-popup__ticket')).toBe('No open ticket');
  expect(root.querySelector('.inbound-popup__ticket-link')).toBeNull();
});

test('an outbound call of the agent does not pop up, and a service outage keeps the pop-up polling', async () => {
  const fdk = createFdkClient({ loggedInUser: agent });
  fdk.answer(
    'agentCall',
    { status: 200, body: { call: { callId: 'call-out', direction: 'outbound', state: 'in-progress', callerNumber: '+254711000111', contact: null, ticket: null } } },
    { status: 503 },
    { status: 200, body: { call: { callId: 'call-in-3', direction: 'inbound', state: 'ringing-agent', callerNumber: '+254711000444', contact: null, ticket: null } } },
  );
  const root = await open(fdk);
  expect(root.querySelector('.inbound-popup').hidden).toBe(true);

  await advance(3000);
  expect(root.querySelector('.inbound-popup').hidden).toBe(true);

  await advance(3000);
  expect(root.querySelector('.inbound-popup').hidden).toBe(false);
  expect(text(root, '.inbound-popup__caller')).toBe('+254711000444');
});

test('the pop-up polls slowly while nothing rings, faster during a call, and backs off when rate limited', async () => {
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById('app');
  const fdk = createFdkClient({ loggedInUser: agent });
  const inbound = { callId: 'call-in-4', direction: 'inbound', state: 'ringing-agent', callerNumber: '+254711000555', contact: null, ticket: null };
  fdk.answer(
    'agentCall',
    { status: 200, body: { call: null } },
    { status: 200, body: { call: inbound } },
    { status: 200, body: { call: null } },
    { status: 429, body: { error: 'rate limited' } },
    { status: 200, body: { call: null } },
  );
  await startGlobalSidebar(fdk.client, root);
  await settle();
  const polls = () => fdk.invocations.filter((i) => i.name === 'agentCall').length;

  expect(polls()).toBe(1);
  await advance(9999);
  expect(polls()).toBe(1);
  await advance(1);
  expect(polls()).toBe(2);
  expect(root.querySelector('.inbound-popup').hidden).toBe(false);

  await advance(3000);
  expect(polls()).toBe(3);
  expect(root.querySelector('.inbound-popup').hidden).toBe(true);

  await advance(10000);
  expect(polls()).toBe(4);
  await advance(59999);
  expect(polls()).toBe(4);
  await advance(1);
  expect(polls()).toBe(5);
});
