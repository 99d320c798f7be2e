/**
 * @jest-environment jsdom
 *
 * The other tests load the app's scripts with require(); Freshdesk loads them as plain
 * <script> tags sharing one global. This runs each page's scripts that way, in its order, with
 * the `app` global the platform's client script provides.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createFdkClient, settle } = require('./fdk-client-stub');

const appDir = path.join(__dirname, '../../freshdesk-app/app');
const agent = { id: 7, contact: { name: 'Wanjiru Agent', email: 'wanjiru@acme.example' } };

function loadPage(page, fdk) {
  document.body.innerHTML = '<main id="app"></main>';
  delete window.HelpdeskVoice;
  window.app = { initialized: jest.fn(async () => fdk.client) };
  const html = fs.readFileSync(path.join(appDir, page), 'utf8');
  const scripts = [...html.matchAll(/<script src="(scripts\/[^"]+)"/g)].map((m) => m[1]);
  // Indirect eval runs in the window's global scope, where `module` is not defined.
  for (const src of scripts) (0, eval)(fs.readFileSync(path.join(appDir, src), 'utf8'));
  return scripts;
}

afterEach(() => {
  delete window.app;
});

test('ticket.html: the scripts wire up on app.activated, once, and render the Call button', async () => {
  jest.useFakeTimers();
  const fdk = createFdkClient({ ticket: { id: 42 }, contact: { id: 99, phone: '+254711000111' }, loggedInUser: agent });
  const scripts = loadPage('ticket.html', fdk);
  expect(scripts).toEqual([
    'scripts/call-service.js',
    'scripts/freshdesk-context.js',
    'scripts/call-panel.js',
    'scripts/vendor/softphone.js',
    'scripts/browser-softphone.js',
    'scripts/ticket-sidebar.js',
  ]);
  await settle();
  expect(Object.keys(window.HelpdeskVoice).sort()).toEqual(['browserSoftphone', 'callPanel', 'callService', 'freshdeskContext', 'softphone', 'ticketSidebar']);
  expect(fdk.client.events.on).toHaveBeenCalledWith('app.activated', expect.any(Function));

  fdk.fire('app.activated', {});
  fdk.fire('app.activated', {});
  await settle();
  expect(document.querySelectorAll('.call-panel')).toHaveLength(1);
  expect(document.querySelector('.call-panel__number').textContent).toBe('+254711000111');
  expect(document.querySelector('.call-panel__button').disabled).toBe(false);
  jest.useRealTimers();
});

test('index.html: the CTI sidebar starts at once, listens for clicked numbers and polls for inbound calls', async () => {
  jest.useFakeTimers();
  const fdk = createFdkClient({ loggedInUser: agent });
  fdk.answer('agentCall', { status: 200, body: { call: null } });
  loadPage('index.html', fdk);
  await settle();
  await settle();

  expect(fdk.client.events.on).toHaveBeenCalledWith('cti.triggerDialer', expect.any(Function));
  expect(document.querySelector('.inbound-popup')).not.toBeNull();
  expect(document.querySelector('.call-panel')).not.toBeNull();
  expect(fdk.invocations.map((i) => i.name)).toEqual(['agentCall']);
  jest.clearAllTimers();
  jest.useRealTimers();
});
